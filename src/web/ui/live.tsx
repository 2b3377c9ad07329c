// What a form says through its one live region (kept free of translations, so any page can use it).

/**
 * Inside a form's one live region: the fields' errors, each said once as it appears (a field's error as the
 * person leaves the field), as the messages under the fields are not live themselves.
 */
export function ErrorsSaid({ messages }: { messages: readonly string[] }) {
  return (
    <span className="sr-only" data-testid="errors-said">
      {[...new Set(messages.filter(Boolean))].map((m) => (
        <span key={m}>{m} </span>
      ))}
    </span>
  );
}
