/**
 * The floor: what the engines alone cost to write the same output.
 *
 * `ts-node --transpile-only bench/floor.ts <synthesized outdir> <floor outdir>`
 *
 * Reads a fleet's synthesized output and builds it again from raw engine
 * constructs, with no cdk-fleet code: one cdktf TerraformStack per stack with
 * one raw TerraformResource, TerraformDataSource, TerraformProvider and
 * TerraformOutput per block (same types, names and bodies), synthesized by
 * cdktf; one cdk8s Chart per Kubernetes file with one ApiObject per object,
 * serialized by cdk8s's Yaml; fleet.json, the report and the delivery scripts
 * written as they are. Reading the input is not timed.
 *
 * It then checks that it rebuilt the same thing (every Terraform block equal
 * apart from cdktf's "//" metadata, every Kubernetes file equal byte for byte)
 * and prints one JSON line: {"processMs","constructMs","synthMs","rssMB","same"}.
 * The benchmark runs it in a process of its own, next to the fleet's synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ApiObject, App as Cdk8sApp, Chart, Yaml } from 'cdk8s';
import { App, TerraformDataSource, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import * as YAML from 'yaml';

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error('usage: floor.ts <synthesized outdir> <floor outdir>');
  process.exit(2);
}

type Body = { [key: string]: any };

/** A block as it is in cdk.tf.json, minus the metadata cdktf writes itself. */
function bodyOf(block: Body): Body {
  const { ['//']: _metadata, ...rest } = block;
  return rest;
}

/** Terraform's meta-arguments: cdktf writes them from its own fields, so raw ones go in as overrides. */
const META_ARGUMENTS = ['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection'];

/** Names a raw block as cdk.tf.json does and sets its meta-arguments; returns its arguments. */
function adopt(element: TerraformResource | TerraformDataSource, name: string, block: Body): Body {
  element.overrideLogicalId(name);
  const attributes: Body = {};
  for (const [key, value] of Object.entries(bodyOf(block))) {
    if (META_ARGUMENTS.includes(key)) {
      element.addOverride(key, value);
    } else {
      attributes[key] = value;
    }
  }
  return attributes;
}

class RawResource extends TerraformResource {
  private readonly body: Body;
  constructor(scope: Construct, name: string, type: string, block: Body) {
    super(scope, name, { terraformResourceType: type });
    this.body = adopt(this, name, block);
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
}

class RawDataSource extends TerraformDataSource {
  private readonly body: Body;
  constructor(scope: Construct, name: string, type: string, block: Body) {
    super(scope, name, { terraformResourceType: type });
    this.body = adopt(this, name, block);
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
}

class RawProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, type: string, registrySource: string, version: string, private readonly body: Body) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { providerName: type, providerVersion: version },
      terraformProviderSource: registrySource,
    });
  }
  protected synthesizeAttributes(): Body {
    return this.body;
  }
}

// Untimed: read what the fleet wrote.
const stackDirs = fs.readdirSync(path.join(source, 'stacks')).sort();
const stacks = stackDirs.map((dir) => ({ dir, json: JSON.parse(fs.readFileSync(path.join(source, 'stacks', dir, 'cdk.tf.json'), 'utf-8')) }));
const kubernetesFiles: Array<{ file: string; text: string }> = [];
function collect(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      collect(file);
    } else {
      kubernetesFiles.push({ file: path.relative(source, file), text: fs.readFileSync(file, 'utf-8') });
    }
  }
}
collect(path.join(source, 'kubernetes'));
const yamlFiles = kubernetesFiles.filter((f) => f.file.endsWith('.yaml')).map((f) => ({
  ...f,
  objects: YAML.parseAllDocuments(f.text, { version: '1.1' }).map((d) => d.toJSON()).filter((o) => o !== null && o !== undefined),
}));
const otherFiles = kubernetesFiles.filter((f) => !f.file.endsWith('.yaml'));
const plan = JSON.parse(fs.readFileSync(path.join(source, 'fleet.json'), 'utf-8'));
const report = fs.readFileSync(path.join(source, 'fleet-report.md'), 'utf-8');

// Timed from here.
const constructStart = performance.now();
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
const app = new App({ outdir: target, skipValidation: true });
for (const { dir, json } of stacks) {
  const stack = new TerraformStack(app, dir);
  const required = json.terraform?.required_providers ?? {};
  for (const [type, blocks] of Object.entries<Body[]>(json.provider ?? {})) {
    blocks.forEach((block, index) => {
      const { source: providerSource, version } = required[type] ?? {};
      new RawProvider(stack, `${type}-${index}`, type, providerSource ?? type, version, block);
    });
  }
  for (const [type, byName] of Object.entries<Body>(json.resource ?? {})) {
    for (const [name, block] of Object.entries<Body>(byName)) {
      new RawResource(stack, name, type, block);
    }
  }
  for (const [type, byName] of Object.entries<Body>(json.data ?? {})) {
    for (const [name, block] of Object.entries<Body>(byName)) {
      new RawDataSource(stack, name, type, block);
    }
  }
  for (const [name, block] of Object.entries<Body>(json.output ?? {})) {
    new TerraformOutput(stack, name, { value: block.value, description: block.description, sensitive: block.sensitive }).overrideLogicalId(name);
  }
  const { required_providers: _providers, ...terraform } = json.terraform ?? {};
  for (const [key, value] of Object.entries(terraform)) {
    stack.addOverride(`terraform.${key}`, value);
  }
}
// One cdk8s App per cluster, as the library keeps them (cdk8s walks the whole App for each chart it renders).
const clusterApps = new Map<string, Cdk8sApp>();
// Kustomizations are plain YAML documents, not Kubernetes objects; the drill and move folders' objects are
// written as plain documents too (they are applied by scripts, and a Restore has a generateName, no name).
const isPlainYaml = (file: string) => path.basename(file) === 'kustomization.yaml' || /[\\/](drills|move)[\\/]/.test(file);
const plainFiles = yamlFiles.filter((f) => isPlainYaml(f.file));
const charts = yamlFiles.filter((f) => !isPlainYaml(f.file)).map((f, fileIndex) => {
  const cluster = f.file.split(path.sep)[1];
  let clusterApp = clusterApps.get(cluster);
  if (!clusterApp) {
    clusterApp = new Cdk8sApp({ outdir: path.join(target, 'kubernetes', cluster) });
    clusterApps.set(cluster, clusterApp);
  }
  const chart = new Chart(clusterApp, `file-${fileIndex}`);
  f.objects.forEach((object, index) => new ApiObject(chart, `o${index}`, object));
  return { file: f.file, chart };
});
const constructMs = performance.now() - constructStart;

const synthStart = performance.now();
app.synth();
for (const { file, chart } of charts) {
  fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
  fs.writeFileSync(path.join(target, file), Yaml.stringify(...chart.toJson()));
}
for (const f of plainFiles) {
  fs.mkdirSync(path.dirname(path.join(target, f.file)), { recursive: true });
  fs.writeFileSync(path.join(target, f.file), Yaml.stringify(...f.objects));
}
for (const f of otherFiles) {
  fs.writeFileSync(path.join(target, f.file), f.text, { mode: 0o755 });
}
fs.writeFileSync(path.join(target, 'fleet.json'), `${JSON.stringify(plan, undefined, 2)}\n`);
fs.writeFileSync(path.join(target, 'fleet-report.md'), report);
const synthMs = performance.now() - synthStart;
const processMs = performance.now();
const rssMB = Math.round(process.resourceUsage().maxRSS / 1024);

// Untimed: the floor must have written the same thing, or its figures mean nothing.
const differences: string[] = [];
for (const { dir, json } of stacks) {
  const rebuilt = JSON.parse(fs.readFileSync(path.join(target, 'stacks', dir, 'cdk.tf.json'), 'utf-8'));
  for (const section of ['resource', 'data']) {
    for (const [type, byName] of Object.entries<Body>(json[section] ?? {})) {
      for (const [name, block] of Object.entries<Body>(byName)) {
        if (JSON.stringify(bodyOf(block)) !== JSON.stringify(bodyOf(rebuilt[section]?.[type]?.[name] ?? {}))) {
          differences.push(`${dir} ${section}.${type}.${name}`);
        }
      }
    }
  }
  for (const section of ['output', 'provider']) {
    if (JSON.stringify(json[section]) !== JSON.stringify(rebuilt[section])) {
      differences.push(`${dir} ${section}`);
    }
  }
}
for (const f of yamlFiles) {
  if (fs.readFileSync(path.join(target, f.file), 'utf-8') !== f.text) {
    differences.push(f.file);
  }
}
if (differences.length > 0) {
  console.error(`the floor did not rebuild ${differences.length} block(s) or file(s) the same, e.g.:\n  ${differences.slice(0, 5).join('\n  ')}`);
}
console.log(JSON.stringify({
  processMs: Math.round(processMs), constructMs: Math.round(constructMs), synthMs: Math.round(synthMs), rssMB, same: differences.length === 0,
}));
