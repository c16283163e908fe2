import { cdktf, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// Versions the library is built and tested against. Providers are peer
// dependencies so that the user's app owns one copy of each (they are large).
const CDKTF = '^0.21.0';
const CONSTRUCTS = '^10.4.2';
const PROVIDER_AWS = '^21.22.1';
const PROVIDER_AZURERM = '^14.23.1';
// hashicorp/time: waits for Azure RBAC to propagate before data-plane calls.
const PROVIDER_TIME = '^11.0.1';
const CDK8S = '^2.70.0';
const CDK8S_PLUS = '^2.5.6';

const project = new cdktf.ConstructLibraryCdktf({
  name: 'cdk-fleet',
  description:
    'Typed constructs for a fleet of small Kubernetes clusters across AWS EKS, Azure AKS and attached clusters: one synth to Terraform JSON per region, Kubernetes YAML per cluster, a fleet plan and a fleet report.',
  author: 'cdk-fleet developers',
  authorAddress: 'dev@cdk-fleet.invalid',
  repositoryUrl: 'https://example.invalid/cdk-fleet.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['cdktf', 'cdk8s', 'kubernetes', 'eks', 'aks', 'fleet', 'platform-engineering'],

  // jsii 5.9 compiles with TypeScript 5.9; tests and tools use the same.
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',
  cdktfVersion: CDKTF,
  constructsVersion: CONSTRUCTS,
  peerDeps: [
    `@cdktf/provider-aws@${PROVIDER_AWS}`,
    `@cdktf/provider-azurerm@${PROVIDER_AZURERM}`,
    `@cdktf/provider-time@${PROVIDER_TIME}`,
    `cdk8s@${CDK8S}`,
    `cdk8s-plus-28@${CDK8S_PLUS}`,
  ],
  // `cdk-fleet catalogue --json | check | update` (src/cli).
  bin: { 'cdk-fleet': 'bin/cdk-fleet' },
  // Non-jsii runtime libraries must be bundled into the package.
  // semver: the charts' kubeVersion ranges, as Helm checks them.
  bundledDeps: ['ip-address@^10.7.0', 'yaml@^2.8.0', 'semver@^7.7.0'],
  devDeps: [
    'cdktf-cli@^0.21.0',
    'kubernetes-models@^4.5.1',
    // CRD schemas for validating synthesized objects in tests (ESM-only; loaded in a child process).
    '@kubernetes-models/argo-cd@^4.0.0',
    '@kubernetes-models/flux-cd@^4.0.0',
    '@kubernetes-models/cert-manager@^6.0.0',
    '@kubernetes-models/istio@^3.0.1',
    '@kubernetes-models/prometheus-operator@^6.0.0',
    '@kubernetes-models/kyverno@^2.0.0',
    '@kubernetes-models/opentelemetry-operator@^2.0.0',
    '@kubernetes-models/cloudnative-pg@^2.0.0',
    // ts-node's --swc transpiler for `npm run synth` and the benchmark: the TypeScript
    // transpiler took ~1 s of every run to load the library's sources (issue 15 profile).
    '@swc/core@^1.16.0',
    // Validates the generated GitHub Actions workflow (schema and job graph) in the tests.
    '@action-validator/core@^0.6.0',
    '@types/semver@^7.7.0',
    // Backstage's own entity validators check the software catalog the synth writes.
    '@backstage/catalog-model@^1.10.3',
  ],

  // Private project infrastructure: no GitHub workflows, no release automation.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // CI must fail on a snapshot mismatch; `npm run test:update` rewrites them deliberately.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      // Synthesizing whole fleets with provider bindings takes seconds, not milliseconds.
      testTimeout: 120_000,
    },
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['../examples/**/*.ts', '../bench/**/*.ts'],
  },
  gitignore: ['cdktf.out/', 'bench.out/', '.gen/', 'examples/**/cdktf.out/'],
});

// The tarball holds what the package needs, never whatever else the working tree has
// (bench output, scratch files): an allow-list, not .npmignore's deny-list.
// The TypeScript sources ship too: lib/*.js carry inline source maps that name
// src/*.ts, so under ts-node or jest a stack trace points at those files.
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', 'src/**/*.ts', 'bin/', '.jsii', 'API.md', 'README.md', 'LICENSE']);

// Architecture kept true by lint: the root of a provider package loads every
// resource binding of that cloud (~2.5 s, ~500 MB); only deep imports are allowed.
const providerRootMessage =
  'Import provider resources by deep path (e.g. @cdktf/provider-aws/lib/eks-cluster); the package root loads every binding (~2.5 s, ~500 MB).';
const rootImportBan = {
  paths: [
    { name: '@cdktf/provider-aws', message: providerRootMessage },
    { name: '@cdktf/provider-azurerm', message: providerRootMessage },
    { name: '@cdktf/provider-time', message: providerRootMessage },
    { name: '@cdktf/provider-aws/lib', message: providerRootMessage },
    { name: '@cdktf/provider-azurerm/lib', message: providerRootMessage },
    { name: '@cdktf/provider-aws/lib/index', message: providerRootMessage },
    { name: '@cdktf/provider-azurerm/lib/index', message: providerRootMessage },
  ],
};
project.eslint?.addRules({ 'no-restricted-imports': ['error', rootImportBan] });
// Only src/clusters/ may touch cloud provider bindings at all.
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  excludedFiles: ['src/clusters/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      ...rootImportBan,
      patterns: [{
        group: ['@cdktf/provider-*', '@cdktf/provider-*/**'],
        message: 'Only src/clusters/ imports cloud provider bindings; ask the cluster (ICluster) for what you need.',
      }],
    }],
  },
});
// Recorded chart facts are data, one chart version per line: long lines are their shape.
project.eslint?.addOverride({
  files: ['src/catalogue/chart-values.ts'],
  rules: { '@stylistic/max-len': 'off' },
});
for (const pattern of ['/examples/', '/bench/', '/cdktf.out/', '/.ci/']) {
  project.addPackageIgnore(pattern);
}
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');

// Tests, examples and the benchmark run through ts-jest / ts-node (swc) without
// type checks (isolatedModules); type-check them once, before jest runs.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json', { name: 'typecheck tests, examples and bench' });

// `npm run synth`: the README's quick start, offline, no credentials.
project.addTask('synth', {
  description: 'Synthesize examples/multi-cloud-fleet into ./cdktf.out',
  exec: 'ts-node --swc examples/multi-cloud-fleet/main.ts',
  env: { CDKTF_OUTDIR: 'cdktf.out' },
});

// `npm run bench -- --clusters N --outdir DIR`
project.addTask('bench', {
  description: 'Synthesize a generated fleet and print one JSON line of timings',
  exec: 'ts-node --swc bench/synth-bench.ts',
  receiveArgs: true,
});

project.synth();
