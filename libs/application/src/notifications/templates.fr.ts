// The product's French wording of every notification: the default template of each kind
// (message-templates.ts), rendered as text and HTML. An EPCI's own templates go through the same renderer.
import { defaultTemplate, escapeHtml, isTemplateKind, renderTemplate, type RenderedMessage } from './message-templates.js';

export { type RenderedMessage } from './message-templates.js';

export interface MessageContext {
  kind: string;
  communeName: string;
  serviceName: string;
  epciName?: string;
  payload: Record<string, unknown>;
  link: string;
}

export function renderMessage(c: MessageContext): RenderedMessage {
  const context = { communeName: c.communeName, serviceName: c.serviceName, epciName: c.epciName ?? '', link: c.link, payload: c.payload };
  if (isTemplateKind(c.kind)) return renderTemplate(c.kind, defaultTemplate(c.kind), context);
  // A kind this version does not know (a row decided by a newer one): its summary, as it was written.
  const title = `À la carte : ${c.serviceName} (${c.communeName})`;
  const summary = String(c.payload.summary ?? '');
  return {
    title,
    text: `${summary}\n\nVoir le dossier : ${c.link}\n\n— À la carte, services communs de l’EPCI`,
    html: `<!doctype html><html lang="fr"><body><h1 style="font-size:18px">${escapeHtml(title)}</h1><p>${escapeHtml(summary)}</p><p><a href="${escapeHtml(c.link)}">Voir le dossier</a></p></body></html>`,
  };
}
