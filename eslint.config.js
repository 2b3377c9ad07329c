// Lint for the whole tree: typescript-eslint's recommended rules (syntax only, no type information, so it stays
// fast), React's rules of hooks for the web, tuned to catch real mistakes without demanding churn.
// Formatting is prettier's job (`npm run lint` runs both; `npm run format` rewrites).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'resources/', 'test-results/', 'coverage/', '**/.generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names say "deliberately unused" (callback slots, destructuring to drop a field).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Short-circuit and ternary statements are an idiom here (`ok && done()`); tagged templates too.
      '@typescript-eslint/no-unused-expressions': [
        'error',
        { allowShortCircuit: true, allowTernary: true, allowTaggedTemplates: true },
      ],
      // Parsers, drivers and JSON columns hand back untyped data: `any` is flagged where it is written, not banned.
      '@typescript-eslint/no-explicit-any': 'warn',
      // Regular expressions over control characters are deliberate (sanitising imports, CSV injection).
      'no-control-regex': 'off',
      // `catch {}` that ignores a best-effort failure is common and intended; an empty block elsewhere is not.
      'no-empty': ['error', { allowEmptyCatch: true }],
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    files: ['src/server/**', 'src/cli/**', 'tests/**', 'bench/**', 'scripts/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Fuzz and encoding tests write out-of-range literals on purpose (1e400, 20-digit integers).
    files: ['tests/**'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['src/web/**', 'tests/browser/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Core is pure: neither node nor DOM globals (tsconfig.core.json holds the same line for types).
    files: ['src/core/**'],
    languageOptions: { globals: { ...globals.es2022 } },
  },
  {
    files: ['src/web/**/*.tsx', 'src/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
);
