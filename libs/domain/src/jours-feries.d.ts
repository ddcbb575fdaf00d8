// @socialgouv/jours-feries ships no types: the French public holidays of a year, by name.
declare module '@socialgouv/jours-feries' {
  const joursFeries: (year: number, options?: { alsace?: boolean }) => Record<string, Date>;
  export default joursFeries;
}
