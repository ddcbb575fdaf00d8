// The notifications' template language: checked when saved (an unknown or malformed variable is a 422 naming
// the field, in French), values escaped in the HTML e-mail, and every default valid for its own kind.
import { RuleViolation } from '#workflow';
import { checkTemplate, defaultTemplate, kindDefinition, renderTemplate, TEMPLATE_KINDS, templateIssues } from './message-templates.js';

const context = { communeName: 'Avrillé', serviceName: 'Paie', epciName: 'Angers Loire Métropole', link: 'https://alacarte.example.org/adhesions/1', payload: {} };

describe('a notification template', () => {
  it('refuses an unknown variable with a 422 naming the field and stating the rule in French', () => {
    let error: unknown;
    try {
      checkTemplate('turn_to_act', { subject: 'À vous : {{service}}', body: 'Bonjour {{maire}}, {{commune}} attend.' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).issues).toEqual([
      { field: 'body', code: 'unknown_variable', message: expect.stringMatching(/^La variable \{\{maire\}\} n’existe pas pour ce message\. Variables possibles : \{\{commune\}\}, /) },
    ]);
    // A kind's own variable is unknown to another kind.
    expect(templateIssues('renewal_reminder', { subject: '{{date_effet}}', body: 'x' }).map((i) => [i.field, i.code])).toEqual([['subject', 'unknown_variable']]);
  });

  it('refuses braces that make no variable', () => {
    for (const body of ['Bonjour {{commune', 'Bonjour {{ Commune }}', 'Fin }}', '{{}}']) {
      expect(templateIssues('turn_to_act', { subject: 'Objet', body }).map((i) => [i.field, i.code])).toContainEqual(['body', 'malformed_variable']);
    }
    expect(templateIssues('turn_to_act', { subject: 'Objet {commune}', body: '{{ commune }} a { une accolade }' })).toEqual([]);
  });

  it('escapes the values and the template’s own text in the HTML e-mail, and keeps the text e-mail plain', () => {
    const message = renderTemplate(
      'turn_to_act',
      { subject: 'Pour {{commune}}', body: '<b>Important</b> : {{commune}} & {{service}}\n\nSecond paragraphe' },
      { ...context, communeName: 'Saint-<script>alert(1)</script>', serviceName: 'Paie "&" RH' },
    );
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<b>');
    expect(message.html).toContain('&lt;b&gt;Important&lt;/b&gt; : Saint-&lt;script&gt;alert(1)&lt;/script&gt; &amp; Paie &quot;&amp;&quot; RH');
    expect(message.html).toContain('<p>Second paragraphe</p>');
    expect(message.html).toContain('<a href="https://alacarte.example.org/adhesions/1">Voir le dossier</a>');
    expect(message.text).toContain('<b>Important</b> : Saint-<script>alert(1)</script> & Paie "&" RH\n\nSecond paragraphe');
    expect(message.text).toContain('Voir le dossier : https://alacarte.example.org/adhesions/1');
    expect(message.title).toBe('Pour Saint-<script>alert(1)</script>');
  });

  it('ships a valid default for every kind, which renders its sample with no variable left', () => {
    for (const kind of TEMPLATE_KINDS) {
      expect(templateIssues(kind, defaultTemplate(kind))).toEqual([]);
      const message = renderTemplate(kind, defaultTemplate(kind), { ...context, payload: kindDefinition(kind).sample });
      expect(message.text).not.toMatch(/\{\{|\}\}|undefined|NaN/);
      expect(message.title).not.toBe('');
    }
  });

  it('names the notice’s effective date', () => {
    const message = renderTemplate('notice_given', defaultTemplate('notice_given'), {
      ...context,
      payload: { event: 'GIVE_NOTICE', eventLabel: 'Donner préavis de résiliation', by: 'epci', on: '2027-03-01', effectiveDate: '2027-09-01', reason: 'Réorganisation.' },
    });
    expect(message.text).toContain('Angers Loire Métropole a donné préavis de résiliation de la convention « Paie » d’Avrillé le 1er mars 2027.');
    expect(message.text).toContain('La résiliation prendra effet le 1er septembre 2027.');
  });
});
