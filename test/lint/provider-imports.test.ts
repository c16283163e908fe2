import * as fs from 'fs';
import * as path from 'path';
import { loadESLint } from 'eslint';

/**
 * The architecture rules in .eslintrc.json (generated from .projenrc.ts):
 * nothing imports a provider package's root, and only src/clusters/
 * imports provider bindings at all.
 */
async function lint(code: string, file: string): Promise<string[]> {
  const root = path.join(__dirname, '..', '..');
  // Only the import rules of the generated config: they need no type
  // information, and resolving the types of a provider's root (the very cost
  // the rule prevents) takes ~20 s.
  const config = JSON.parse(fs.readFileSync(path.join(root, '.eslintrc.json'), 'utf-8').replace(/^\/\/.*$/m, ''));
  const ESLint = await loadESLint({ useFlatConfig: false });
  const eslint = new ESLint({
    cwd: root,
    useEslintrc: false,
    overrideConfig: {
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
      rules: { 'no-restricted-imports': config.rules['no-restricted-imports'] },
      overrides: config.overrides.filter((o: any) => o.rules?.['no-restricted-imports']),
    },
  } as any);
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => m.message);
}

describe('lint: provider imports', () => {
  test('the root of a provider package is refused, even in src/clusters/', async () => {
    const messages = await lint("import { EksCluster } from '@cdktf/provider-aws';\nexport const x = EksCluster;\n", 'src/clusters/aws/aws-cluster.ts');
    expect(messages).toEqual([expect.stringContaining('Import provider resources by deep path (e.g. @cdktf/provider-aws/lib/eks-cluster)')]);
    const lib = await lint("import * as azurerm from '@cdktf/provider-azurerm/lib';\nexport const y = azurerm;\n", 'src/clusters/azure/azure-cluster.ts');
    expect(lib).toHaveLength(1);
  });

  test('a deep import is allowed in src/clusters/', async () => {
    expect(await lint("import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';\nexport const x = EksCluster;\n", 'src/clusters/aws/aws-cluster.ts')).toEqual([]);
  });

  test('outside src/clusters/, even a deep import is refused', async () => {
    const messages = await lint("import { IamRole } from '@cdktf/provider-aws/lib/iam-role';\nexport const x = IamRole;\n", 'src/fleet/fleet.ts');
    expect(messages).toEqual([expect.stringContaining('Only src/clusters/ imports cloud provider bindings')]);
  });
});
