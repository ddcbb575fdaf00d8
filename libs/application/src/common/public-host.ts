// The host that names this installation in identifiers read by other software: the right-hand side of the
// e-mails' Message-ID and of the calendar's UIDs. The host of PUBLIC_URL, else the domain of MAIL_FROM.

/** 'https://alacarte.angers.fr/x' → 'alacarte.angers.fr'; 'À la carte <no-reply@epci.fr>' → 'epci.fr'. */
export function publicHost(publicUrl: string, mailFrom?: string): string {
  try {
    const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
    if (host) return host;
  } catch {
    // not a URL: try the sender's domain
  }
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom ?? '')?.[1];
  return domain ?? 'localhost';
}
