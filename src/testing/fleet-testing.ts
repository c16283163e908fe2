import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { readYamlDocuments } from '../_internal/yaml-files';

/** Everything one synth of an app wrote, read back as plain objects. */
export interface SynthesizedFleet {
  /** The output directory. */
  readonly outdir: string;
  /** Terraform JSON per stack name. */
  readonly stacks: { [stack: string]: any };
  /** Kubernetes objects per cluster, in delivery order (bootstrap, engine, then the layers). */
  readonly kubernetes: { [cluster: string]: any[] };
  /** Files per cluster folder, as paths inside it (e.g. `layers/config/20-cert-manager.k8s.yaml`), sorted. */
  readonly kubernetesFiles: { [cluster: string]: string[] };
  /** Each cluster's restore drill objects (`kubernetes/<cluster>/drills/*.yaml`), which no engine syncs; absent clusters have none. */
  readonly drills: { [cluster: string]: any[] };
  /** fleet.json. */
  readonly plan: any;
  /** fleet-report.md. */
  readonly report: string;
}

/**
 * Helpers for users' own tests: synthesize an app into a temporary folder
 * and read back what it wrote, ready for `toMatchSnapshot()` and for
 * precise assertions.
 */
export class FleetTesting {
  /**
   * A cdktf App that synthesizes into a new temporary folder. The folder is
   * removed when the process exits (or earlier, with `cleanUp()`).
   */
  public static app(): App {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-fleet-'));
    if (TEMPORARY.size === 0) {
      process.once('exit', () => FleetTesting.cleanUp());
    }
    TEMPORARY.add(outdir);
    return new App({ outdir, skipValidation: false });
  }

  /** Removes every temporary folder `app()` made so far. */
  public static cleanUp(): void {
    for (const dir of TEMPORARY) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    TEMPORARY.clear();
  }

  /** Synthesizes the app and reads back every output. */
  public static synth(app: App): SynthesizedFleet {
    app.synth();
    return FleetTesting.read(app.outdir);
  }

  /** Reads a synthesized output folder. */
  public static read(outdir: string): SynthesizedFleet {
    const stacks: { [stack: string]: any } = {};
    const stacksDir = path.join(outdir, 'stacks');
    for (const stack of listDir(stacksDir)) {
      stacks[stack] = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf-8'));
    }
    const kubernetes: { [cluster: string]: any[] } = {};
    const drills: { [cluster: string]: any[] } = {};
    const kubernetesFiles: { [cluster: string]: string[] } = {};
    const kubernetesDir = path.join(outdir, 'kubernetes');
    for (const cluster of listDir(kubernetesDir)) {
      const files = listFiles(path.join(kubernetesDir, cluster));
      kubernetesFiles[cluster] = files;
      const rank = (file: string) => DELIVERY_ORDER.findIndex((folder) => file.startsWith(`${folder}/`));
      kubernetes[cluster] = files
        .filter((f) => f.endsWith('.k8s.yaml'))
        .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
        .flatMap((f) => readYamlDocuments(path.join(kubernetesDir, cluster, f)));
      const drillFiles = files.filter((f) => f.startsWith('drills/') && f.endsWith('.yaml'));
      if (drillFiles.length > 0) {
        drills[cluster] = drillFiles.flatMap((f) => readYamlDocuments(path.join(kubernetesDir, cluster, f)));
      }
    }
    const planFile = path.join(outdir, 'fleet.json');
    const reportFile = path.join(outdir, 'fleet-report.md');
    return {
      outdir,
      stacks,
      kubernetes,
      kubernetesFiles,
      drills,
      plan: fs.existsSync(planFile) ? JSON.parse(fs.readFileSync(planFile, 'utf-8')) : undefined,
      report: fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf-8') : '',
    };
  }
}

/** The output folders `app()` created in this process. */
const TEMPORARY = new Set<string>();

/** The folders of a cluster, in the order their objects reach it. */
const DELIVERY_ORDER = ['bootstrap', 'engine', 'layers/releases', 'layers/config', 'layers/teams'];

function listDir(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** Every file under a folder, as sorted paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return listDir(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return fs.statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  }).sort();
}
