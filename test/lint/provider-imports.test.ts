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

/** Source text of a module that imports `name` from `specifier` (input for the linter, never run). */
function moduleImporting(name: string, specifier: string): string {
  return `import { ${name} } from '${specifier}';\nexport const x = ${name};\n`;
}

const AWS_ROOT = ['@cdktf', 'provider-aws'].join('/');
const AZURERM_LIB = ['@cdktf', 'provider-azurerm', 'lib'].join('/');

describe('lint: provider imports', () => {
  test('the root of a provider package is refused, even in src/clusters/', async () => {
    const messages = await lint(moduleImporting('EksCluster', AWS_ROOT), 'src/clusters/aws/aws-cluster.ts');
    expect(messages).toEqual([expect.stringContaining('Import provider resources by deep path (e.g. @cdktf/provider-aws/lib/eks-cluster)')]);
    const lib = await lint(moduleImporting('KubernetesCluster', AZURERM_LIB), 'src/clusters/azure/azure-cluster.ts');
    expect(lib).toEqual([expect.stringContaining('Import provider resources by deep path')]);
  });

  test('a deep import is allowed in src/clusters/', async () => {
    expect(await lint(moduleImporting('EksCluster', '@cdktf/provider-aws/lib/eks-cluster'), 'src/clusters/aws/aws-cluster.ts')).toEqual([]);
  });

  test('outside src/clusters/, even a deep import is refused', async () => {
    const messages = await lint(moduleImporting('IamRole', '@cdktf/provider-aws/lib/iam-role'), 'src/fleet/fleet.ts');
    expect(messages).toEqual([expect.stringContaining('Only src/clusters/ imports cloud provider bindings')]);
  });
});
