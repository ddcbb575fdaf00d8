// The mail as its reader sees it: correct French, and a configuration that real mail servers accept.
import { InvalidConfiguration, loadConfig } from '../config/app-config.js';
import { publicHost } from '../common/public-host.js';
import { renderMessage } from './templates.fr.js';

const base = { communeName: 'Avrillé', serviceName: 'Paie', link: 'https://alacarte.example.org/adhesions/1' };

describe('the French of the notifications', () => {
  it('writes « 1er », « 90 jours » and « 1 jour », never « jour(s) »', () => {
    const ninety = renderMessage({ ...base, kind: 'renewal_reminder', payload: { anniversary: '2027-01-01', offset: 90, year: 1 } });
    expect(ninety.text).toContain('le 1er janvier 2027, dans 90 jours.');
    const one = renderMessage({ ...base, kind: 'renewal_reminder', payload: { anniversary: '2027-03-05', offset: 1, year: 1 } });
    expect(one.text).toContain('le 5 mars 2027, dans 1 jour.');
    const escalation = renderMessage({ ...base, kind: 'renewal_escalation', payload: { anniversary: '2027-03-05', offset: 30, year: 1 } });
    expect(escalation.text).toContain('(dans 30 jours)');
    for (const m of [ninety, one, escalation]) expect(m.text).not.toMatch(/jour\(s\)| 1 janvier/);
  });

  it('elides « de » before a vowel: « d’Avrillé », and keeps « de Trélazé »', () => {
    const payload = { since: '2026-03-02', workingDays: 12, state: 'Étude' };
    expect(renderMessage({ ...base, kind: 'epci_waiting', payload }).text).toContain('La demande « Paie » d’Avrillé (étape : Étude)');
    expect(renderMessage({ ...base, communeName: 'Trélazé', kind: 'epci_waiting', payload }).text).toContain('« Paie » de Trélazé');
    expect(renderMessage({ ...base, kind: 'epci_waiting', payload }).text).toContain('soit 12 jours ouvrés.');
  });
});

describe('the mail configuration', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'Zq8vR2mK9xLp4wNt7bYc3hJd6fGs1aEu5kQe0oWi', DATABASE_URL: 'sqlite::memory:' };

  it('refuses a .local sender in production when mail goes out', () => {
    expect(() => loadConfig({ ...production, SMTP_URL: 'smtp://mail.example.org' })).toThrow(InvalidConfiguration);
    expect(() => loadConfig({ ...production, SMTP_URL: 'smtp://mail.example.org' })).toThrow(/MAIL_FROM/);
    expect(loadConfig({ ...production, SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'À la carte <no-reply@alm.fr>' }).mailFrom).toBe(
      'À la carte <no-reply@alm.fr>',
    );
    // Outside production, the default sender stays usable with a local mail catcher.
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', SMTP_URL: 'smtp://127.0.0.1:1025' }).mailFrom).toMatch(/alacarte\.local/);
  });

  it('names the SMTP client with SMTP_NAME', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', SMTP_NAME: 'worker-1.alm.fr' }).smtpName).toBe('worker-1.alm.fr');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).smtpName).toBeNull();
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', SMTP_NAME: 'bad name\r\n' })).toThrow(/SMTP_NAME/);
  });

  it('sends NOTIFY_CONCURRENCY messages at once (16) on a pool of SMTP_POOL_SIZE connections (8), within bounds', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' })).toMatchObject({ notifyConcurrency: 16, smtpPoolSize: 8 });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', NOTIFY_CONCURRENCY: '32', SMTP_POOL_SIZE: '4' })).toMatchObject({ notifyConcurrency: 32, smtpPoolSize: 4 });
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', NOTIFY_CONCURRENCY: '0' })).toThrow(/NOTIFY_CONCURRENCY/);
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', SMTP_POOL_SIZE: '65' })).toThrow(/SMTP_POOL_SIZE/);
  });

  it('takes the Message-ID and UID host from PUBLIC_URL, else from MAIL_FROM', () => {
    expect(publicHost('https://alacarte.alm.fr/app')).toBe('alacarte.alm.fr');
    expect(publicHost('not a url', 'À la carte <no-reply@alm.fr>')).toBe('alm.fr');
  });
});
