// The Mantine theme, tuned for RGAA / WCAG 2.1 AA: every text colour used on white reaches 4.5:1.
import { Anchor, CloseButton, createTheme, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 6 of Mantine's blue is 3.6:1 with white text; shade 8 is 4.9:1 as a background and as text.
  primaryShade: { light: 8, dark: 4 },
  autoContrast: true,
  luminanceThreshold: 0.35,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  focusRing: 'auto',
  // No transitions for people who ask their system for less motion.
  respectReducedMotion: true,
  components: {
    // Links are underlined: colour alone does not tell them apart from text (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Icon-only buttons need a name.
    CloseButton: CloseButton.extend({ defaultProps: { 'aria-label': 'Fermer' } as Record<string, string> }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Fermer la fenêtre' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Fermer la notification' } },
      // The description under a title is gray 6 by default (3.3:1).
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    }),
  },
});

/** Mantine's dimmed text (gray 6, 3.3:1) and placeholders fail AA on white: one shade darker each. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-8)',
  },
  dark: {},
});

/** Overdue, in red with 5.6:1 on white (Mantine red 9, #c92a2a); never the only cue: a word says it too. */
export const OVERDUE_COLOR = 'red.9';
