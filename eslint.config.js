// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** A service reaches the platform and other services only over HTTP (ARCHITECTURE.md rule 1). */
const serviceBoundary = {
  patterns: [
    { group: ['@platform/*', '**/platform/**'], message: 'A service reaches the platform only through its published HTTP API.' },
    { group: ['@services/*', '../*/**'], message: 'A service calls another service through its published API, never its code.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'bench/*.js', 'bench/*/*.js', 'scripts/*.js', '.ci/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify handlers are async by contract even when they need not await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a union of string literals instead of an enum.' }],
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@platform/*', '@services/*', '**/platform/**', '**/services/**', '../app*', '../modules*'],
              message: 'lib is plumbing with no domain: it imports no module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@services/*', '**/services/**'], message: 'The platform never depends on a service.' }] },
      ],
    },
  },
  { files: ['src/services/**/*.ts'], rules: { 'no-restricted-imports': ['error', serviceBoundary] } },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    // Vitest's asymmetric matchers (expect.objectContaining…) are typed any.
    rules: { '@typescript-eslint/unbound-method': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
