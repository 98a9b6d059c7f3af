import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The project's own configuration, minus type information (the linted files do not exist on disk).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

/** Lints `code` as if it were the file at `filePath`; returns the boundary rule's messages. */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (ARCHITECTURE.md rule 1)', () => {
  it('refuse a service importing platform internals', async () => {
    const messages = await boundaryMessages(
      'src/services/currency/service.ts',
      "import { RegistryService } from '@platform/registry/service.ts';\nexport const x = RegistryService;\n",
    );
    expect(messages.join()).toContain('only through its published HTTP API');
  });

  it('refuse a service importing another service', async () => {
    const messages = await boundaryMessages(
      'src/services/agri/service.ts',
      "import { pay } from '@services/currency/service.ts';\nexport const x = pay;\n",
    );
    expect(messages.join()).toContain('through its published API');
  });

  it('refuse lib importing a module', async () => {
    const messages = await boundaryMessages(
      'src/lib/http/thing.ts',
      "import { registryModule } from '@platform/registry/index.ts';\nexport const x = registryModule;\n",
    );
    expect(messages.join()).toContain('imports no module');
  });

  it('let a service use lib plumbing', async () => {
    const messages = await boundaryMessages(
      'src/services/currency/errors.ts',
      "import { DomainError } from '@lib/http/problem.ts';\nexport const x = DomainError;\n",
    );
    expect(messages).toEqual([]);
  });
});
