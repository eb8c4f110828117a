import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.venv/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only src/aws/** may talk to AWS: collection (reads) and the runbook gateway (writes).
    files: ['src/**/*.ts'],
    ignores: ['src/aws/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Only src/aws/** may import the AWS SDK.' }] },
      ],
    },
  },
  {
    // The inventory is the model the rest reads: it imports nothing from the layers built on it.
    files: ['src/inventory/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Only src/aws/** may import the AWS SDK.' },
            {
              group: [
                '../checks/*',
                '../engine/*',
                '../render/*',
                '../runbooks/*',
                '../commands/*',
                '../cli/*',
              ],
              message: 'src/inventory/ is the model: it must not import from the layers built on it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The capacity model reads the inventory and nothing built on top of it (checks, engine, ...).
    files: ['src/capacity/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Only src/aws/** may import the AWS SDK.' },
            {
              group: [
                '../checks/*',
                '../engine/*',
                '../render/*',
                '../runbooks/*',
                '../commands/*',
                '../cli/*',
                '../config/*',
              ],
              message:
                'src/capacity/ is a pure model over the inventory: it must not import from the layers built on it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
