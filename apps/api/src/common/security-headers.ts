// The response headers of every answer, by helmet: a Content-Security-Policy that fits the web application
// (Vite's build: scripts and styles from this origin only, no inline script) and Mermaid (it draws SVG with
// inline `style` attributes and <style> elements, and Mantine sets CSS variables in a <style>: so inline
// styles, never inline scripts), no framing, nosniff, a strict Referrer-Policy, no X-Powered-By, and HSTS in
// production only (a development server on http://localhost must not be pinned to https).
import helmet from 'helmet';
import { type AppConfig } from '#application';

export function securityHeaders(config: Pick<AppConfig, 'env'>) {
  const production = config.env === 'production';
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(production && { upgradeInsecureRequests: [] }),
      },
    },
    frameguard: { action: 'deny' },
    noSniff: true,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The iCalendar feed and the PDFs are fetched by other programs: no cross-origin isolation needed.
    crossOriginEmbedderPolicy: false,
  });
}
