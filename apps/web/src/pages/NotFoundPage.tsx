import { Anchor, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../hooks';

export function NotFoundPage() {
  useDocumentTitle('Page introuvable');
  return (
    <Center mih="100vh" component="main">
      <Stack align="center">
        <Title order={1}>Page introuvable</Title>
        <Text>L’adresse demandée n’existe pas.</Text>
        <Anchor component={Link} to="/">
          Retour à l’accueil
        </Anchor>
      </Stack>
    </Center>
  );
}
