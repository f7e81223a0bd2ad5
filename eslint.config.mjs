import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Modules of the VS Code side, as seen from src/client, src/pending and src/profiles.
const belowUi = ['../commands/*', '../tree/*', ...['credentialStore', 'extension', 'lazy', 'logger', 'messages', 'profileStore', 'services', 'session', 'settings', 'statusBar', 'uploads'].map((name) => `../${name}`)];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', '.vscode-test-host/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `import vscode = require('vscode')` bundles to one plain require; `import * as` copies the API per file.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  // The layers, one way only: the VS Code side -> src/pending and src/profiles -> src/client. Nothing
  // below the VS Code side imports `vscode` or a module of the side above it.
  {
    files: ['src/client/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: ['vscode'], patterns: [...belowUi, '../pending/*', '../profiles/*'] }] },
  },
  {
    files: ['src/pending/**/*.ts', 'src/profiles/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: ['vscode'], patterns: belowUi }] },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
