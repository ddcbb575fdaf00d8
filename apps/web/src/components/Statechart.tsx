// The lifecycle drawn by Mermaid from GET /api/workflow, with the adhesion's current states highlighted.
// Mermaid is large: it is loaded only when a statechart is shown.
import { Alert, Group, Stack, Switch, Text } from '@mantine/core';
import { useInViewport } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api';
import { highlightedDiagram } from '../lib/statechart-text';

let mermaidReady: Promise<typeof import('mermaid').default> | null = null;
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: 'base',
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
      // Dark text on light fills, dark lines: legible and above 4.5:1.
      themeVariables: {
        primaryColor: '#e7f5ff',
        primaryTextColor: '#1a1b1e',
        primaryBorderColor: '#1864ab',
        lineColor: '#495057',
        secondaryColor: '#f1f3f5',
        tertiaryColor: '#ffffff',
        textColor: '#1a1b1e',
        labelTextColor: '#1a1b1e',
        transitionLabelColor: '#1a1b1e',
        edgeLabelBackground: '#ffffff',
        compositeBackground: '#f8f9fa',
        compositeTitleBackground: '#dee2e6',
        stateLabelColor: '#1a1b1e',
      },
      state: { useMaxWidth: false },
    });
    return mermaid;
  });
  return mermaidReady;
}

export function Statechart({ current }: { current: Array<{ id: string; label: string }> }) {
  // Drawn once it comes near the screen: Mermaid's layout takes a second of CPU, wasted on a page read from the top.
  const { ref, inViewport } = useInViewport<HTMLDivElement>();
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (inViewport) setWanted(true);
  }, [inViewport]);
  const workflow = useQuery({ queryKey: ['workflow'], queryFn: api.workflow, staleTime: Infinity, enabled: wanted });
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const reactId = useId();
  const frame = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(false);
  const key = current.map((c) => c.id).join('|');

  useEffect(() => {
    if (!workflow.data || !wanted) return;
    let cancelled = false;
    const text = highlightedDiagram(workflow.data, current);
    const id = `statechart-${reactId.replace(/[^a-zA-Z0-9]/g, '')}-${Date.now()}`;
    loadMermaid()
      .then((mermaid) => mermaid.render(id, text))
      .then(({ svg: rendered }) => {
        if (!cancelled) {
          setSvg(rendered);
          setFailed(false);
        }
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
    // `key` stands for `current`, whose identity changes on every render.
  }, [workflow.data, key, reactId, wanted]);

  // At full size the diagram is wider than any screen: bring the current state into the middle of the frame.
  useLayoutEffect(() => {
    const box = frame.current;
    const node = box?.querySelector('.current');
    if (!box || !node || fit) return;
    const b = box.getBoundingClientRect();
    const n = node.getBoundingClientRect();
    box.scrollLeft += n.left - b.left - (b.width - n.width) / 2;
    box.scrollTop += n.top - b.top - (b.height - n.height) / 2;
  }, [svg, fit]);

  const currentText = current.map((c) => c.label).join(' · ');
  return (
    <Stack gap="xs" ref={ref} mih={120}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text>
          État actuel, surligné dans le schéma : <strong>{currentText}</strong>
        </Text>
        {svg && <Switch label="Schéma entier (réduit)" checked={fit} onChange={(e) => setFit(e.currentTarget.checked)} />}
      </Group>
      {failed || workflow.isError ? (
        <Alert color="gray" variant="light">
          Le schéma du cycle de vie n’a pas pu être affiché.
        </Alert>
      ) : svg ? (
        <div
          ref={frame}
          className={fit ? 'statechart statechart-fit' : 'statechart'}
          data-testid="statechart"
          tabIndex={0}
          role="region"
          aria-label="Schéma du cycle de vie (faites défiler avec les flèches du clavier)"
          dangerouslySetInnerHTML={{ __html: svg }}
        />
      ) : (
        <Text role={wanted ? 'status' : undefined} c="dimmed">
          {wanted ? 'Chargement du schéma…' : 'Le schéma s’affiche lorsque vous faites défiler la page jusqu’ici.'}
        </Text>
      )}
    </Stack>
  );
}
