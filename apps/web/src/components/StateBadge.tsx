// The state of an adhesion in French, coloured by stage. Colours are dark enough for white text (AA);
// the words carry the meaning, the colour only helps.
import { Badge } from '@mantine/core';

const COLOR_OF_STATE: Record<string, string> = {
  draft: 'gray.7',
  submitted: 'blue.9',
  study: 'indigo.9',
  proposal: 'cyan.9',
  deliberations: 'violet.9',
  signature: 'grape.9',
  active: 'teal.9',
  withdrawn: 'gray.7',
  rejected: 'red.9',
  declined: 'red.9',
  expired: 'gray.7',
  lapsed: 'red.9',
  ended: 'gray.7',
  terminated: 'gray.7',
};

export function StateBadge({ state, label, size = 'md' }: { state: string; label: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge
      color={COLOR_OF_STATE[state] ?? 'gray.7'}
      variant="filled"
      size={size}
      tt="none"
      radius="sm"
      // Long French labels wrap instead of being cut with an ellipsis.
      styles={{ root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2, maxWidth: '100%' }, label: { whiteSpace: 'normal', overflow: 'visible' } }}
    >
      {label}
    </Badge>
  );
}
