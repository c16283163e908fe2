import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {
  CertManager, CloudNativePg, FleetTesting, GlobalRoutingPolicy, IngressNginx, SynthesizedFleet, Team, Velero, ExternalDns,
} from '../../src';
import { cli, fakeCommand } from '../support/cli';
import { addAws, emptyFleet } from '../support/fixtures';

const ACCOUNT = '111122223333';
const ZONE = 'Z0123456789ABCDEFGHIJ';

/**
 * A kubectl on PATH that plays a cluster being emptied: each `get` of
 * LoadBalancer Services or deletable volumes answers with what is left
 * (none, or one that never goes when TEARDOWN_STUCK is set); webhook
 * listings name one served from cert-manager and one from kube-system.
 */
function fakeKubectl(): { bin: string; log: string } {
  return fakeCommand('kubectl', [
    'case "$*" in',
    '  "get validatingwebhookconfigurations"*) printf "cert-manager-webhook cert-manager\\naws-load-balancer-webhook kube-system\\n" ;;',
    '  "get services"*) if [ -n "${TEARDOWN_STUCK:-}" ]; then printf "shop/web "; fi ;;',
    '  "-n shop-prod get kustomizations.kustomize.toolkit.fluxcd.io"*) echo kustomization.kustomize.toolkit.fluxcd.io/team-shop ;;',
    'esac',
  ]);
}

/** Two EKS clusters, each alone in its region: `lab` disposable, `prod` not, both with a team, a database and backups. */
function twoClusters(extra: { global?: boolean } = {}): SynthesizedFleet {
  const { app, fleet } = emptyFleet({
    awsAccountId: ACCOUNT,
    gitOps: { repoUrl: 'https://github.com/acme/fleet.git', path: 'clusters' },
    globalDns: { zoneName: 'apps.acme.example', route53HostedZoneId: ZONE },
  });
  addAws(fleet, 'lab', 'us-west-2', '10.1.0.0/16', { disposable: true });
  addAws(fleet, 'prod', 'us-east-1', '10.2.0.0/16');
  fleet.addAddOn(new CertManager({ acme: { email: 'platform@acme.example', route53HostedZoneIds: [ZONE] } }));
  fleet.addAddOn(new IngressNginx());
  fleet.addAddOn(new ExternalDns({ domainFilters: ['apps.acme.example'], route53HostedZoneIds: [ZONE] }));
  fleet.addAddOn(new CloudNativePg());
  fleet.addAddOn(new Velero());
  const team = new Team(fleet, 'shop', { members: { awsRoleArns: [`arn:aws:iam::${ACCOUNT}:role/shop`] }, environments: ['prod'], quota: { cpu: '4', memory: '8Gi' } });
  team.addPostgres('orders', { environment: 'prod', storage: '10Gi', instances: 1 });
  if (extra.global) {
    team.addRoute('web', {
      environment: 'prod', host: 'shop.apps.acme.example', service: 'web', port: 8080, global: { policy: GlobalRoutingPolicy.FAILOVER, healthPath: '/healthz' },
    });
  }
  return FleetTesting.synth(app);
}

describe('teardown', () => {
  const out = twoClusters();

  test('every cluster with manifests has a teardown script; fleet.json says which clusters are disposable', () => {
    expect(out.plan.clusters.map((c: any) => [c.name, c.disposable, c.teardownScript])).toEqual([
      ['lab', true, 'kubernetes/lab/teardown.sh'], ['prod', false, 'kubernetes/prod/teardown.sh'],
    ]);
  });

  test('the script stops the engine, removes the teams before the add-ons that clean up after them, then waits until nothing is left in the cloud', () => {
    const { bin, log } = fakeKubectl();
    const result = spawnSync('bash', [path.join(out.outdir, 'kubernetes/lab/teardown.sh')], { env: { PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = fs.readFileSync(log, 'utf-8').trim().split('\n');
    expect(calls[0]).toBe('kubectl -n argocd scale deployment,statefulset --all --replicas=0');
    // The names external-dns published are read before the Ingresses go, to be listed for removal.
    expect(calls[1]).toMatch(/^kubectl get ingresses -A -o jsonpath=/);
    // The engine stopped, Flux objects in the team namespaces lose their finalizers first, or the namespaces would never go.
    const deleteTeams = calls.indexOf('kubectl delete namespace shop-prod shop-prod-drill --ignore-not-found --timeout=30m');
    expect(calls.slice(2, deleteTeams).filter((c) => c.startsWith('kubectl get crd'))).toEqual(['kubectl get crd kustomizations.kustomize.toolkit.fluxcd.io',
      'kubectl get crd gitrepositories.source.toolkit.fluxcd.io', 'kubectl get crd helmreleases.helm.toolkit.fluxcd.io']);
    expect(calls.slice(2, deleteTeams)).toContain('kubectl -n shop-prod patch kustomization.kustomize.toolkit.fluxcd.io/team-shop --type=merge '
      + '-p {"metadata":{"finalizers":null}}');
    // Velero clears its Restores while it runs; then every add-on stops, so none puts its webhooks back.
    expect(calls[deleteTeams + 1]).toBe('kubectl get crd restores.velero.io');
    expect(calls[deleteTeams + 2]).toBe('kubectl delete restores.velero.io --all -A --timeout=10m');
    expect(calls.filter((c) => c.endsWith('scale deployment,statefulset --all --replicas=0')).length).toBeGreaterThan(5);
    const firstWebhookList = calls.findIndex((c) => c.startsWith('kubectl get validatingwebhookconfigurations'));
    expect(calls.slice(deleteTeams + 3, firstWebhookList).every((c) => c.endsWith('--replicas=0'))).toBe(true);
    // Only the webhook served from an add-on's namespace goes; Kubernetes' own namespaces and their controllers stay.
    expect(calls.filter((c) => c.startsWith('kubectl delete validatingwebhookconfigurations'))).toEqual([
      'kubectl delete validatingwebhookconfigurations cert-manager-webhook --ignore-not-found',
    ]);
    const addOns = calls.find((c) => c.startsWith('kubectl delete namespace') && c.includes('cert-manager'))!;
    expect(calls.indexOf(addOns)).toBeGreaterThan(1);
    for (const namespace of ['cert-manager', 'cnpg-system', 'ingress-nginx', 'velero', 'external-dns']) {
      expect(addOns.split(' ')).toContain(namespace);
    }
    for (const kept of ['kube-system', 'default', 'argocd']) {
      expect(calls.filter((c) => c.startsWith('kubectl delete namespace')).join(' ').split(' ')).not.toContain(kept);
    }
    expect(calls.slice(-2)).toEqual([
      'kubectl get services -A -o jsonpath={range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}/{.metadata.name} {end}',
      'kubectl get persistentvolumes -o jsonpath={range .items[?(@.spec.persistentVolumeReclaimPolicy=="Delete")]}{.metadata.name} {end}',
    ]);
  });

  test('a cluster that is not disposable refuses without a reason, in the script too', () => {
    const { bin } = fakeKubectl();
    const result = spawnSync('bash', [path.join(out.outdir, 'kubernetes/prod/teardown.sh')], { env: { PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf-8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("prod is not disposable: tearing it down deletes its workloads and volumes. Fix: give the reason with cdk-fleet teardown --cluster prod --reason '<why>'");
  });

  test('cdk-fleet teardown: a disposable cluster alone in its stack is emptied, then its stack destroyed as planned', async () => {
    const result = await cli(['teardown', '--cluster', 'lab', '--dry-run', '--outdir', out.outdir]);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const commands = result.out.filter((l) => !l.startsWith('==')).map((l) => l.split(' (in')[0]);
    expect(commands).toEqual([
      'aws eks update-kubeconfig --name lab --region us-west-2 --kubeconfig "<temporary folder>/kubeconfig"',
      expect.stringMatching(/^bash .*kubernetes\/lab\/teardown\.sh$/),
      'terraform init -input=false',
      'terraform plan -destroy -input=false -out=tfdestroy',
      'terraform apply -input=false tfdestroy',
      "lab is gone. Remove it from the fleet's code and synthesize.",
    ]);
  });

  test('cdk-fleet teardown of a cluster that is not disposable: refused without a reason; with one, its keys and backups stay in the cloud', async () => {
    const refused = await cli(['teardown', '--cluster', 'prod', '--dry-run', '--outdir', out.outdir]);
    expect(refused.code).toBe(2);
    expect(refused.err[0]).toBe('cluster prod is not disposable: tearing it down deletes its workloads and volumes, and its keys, vaults and backup storage are kept '
      + "(prevent_destroy). Fix: give the reason, cdk-fleet teardown --cluster prod --reason '<why>', or declare it disposable: true in a reviewed change");
    const result = await cli(['teardown', '--cluster', 'prod', '--reason', 'region retired', '--dry-run', '--outdir', out.outdir]);
    expect(result.code).toBe(0);
    expect(result.out.find((l) => l.startsWith('bash '))).toMatch(/with FLEET_TEARDOWN_REASON$/);
    const stateRm = result.out.find((l) => l.startsWith('terraform state rm'))!;
    const order = result.out.map((l) => l.split(' (in')[0]);
    const kept = stateRm.split(' (in')[0].split(' ').slice(3);
    const stack = out.stacks['aws-us-east-1'];
    // The backup storage and the keys whole (a bucket keeps its versioning, encryption, policy and lifecycle), and all that is prevent_destroy.
    const part = (r: any) => r['//'].metadata.path.split('/')[3];
    const keptResources = Object.entries(stack.resource).flatMap(([type, all]) => Object.entries(all as any)
      .filter(([, r]) => (r as any).lifecycle?.prevent_destroy === true || ['backup-storage', 'encryption'].includes(part(r))).map(([id]) => `${type}.${id}`)).sort();
    expect(kept).toEqual(keptResources);
    expect(kept).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_versioning\./), expect.stringMatching(/^aws_s3_bucket_policy\./)]));
    // EKS deletion protection goes just before the destroy.
    expect(order.indexOf('aws eks update-cluster-config --name prod --region us-east-1 --no-deletion-protection'))
      .toBeLessThan(order.indexOf('terraform plan -destroy -input=false -out=tfdestroy'));
    expect(kept.some((k) => k.startsWith('aws_s3_bucket.'))).toBe(true);
    expect(kept.some((k) => k.startsWith('aws_kms_key.'))).toBe(true);
    expect(order.indexOf(stateRm.split(' (in')[0])).toBeLessThan(order.indexOf('terraform plan -destroy -input=false -out=tfdestroy'));
  });

  test('a cluster behind a global name is refused until the name no longer points at it', async () => {
    const global = twoClusters({ global: true });
    const result = await cli(['teardown', '--cluster', 'lab', '--dry-run', '--outdir', global.outdir]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toBe('cluster lab is behind the global name shop.apps.acme.example: its users would be sent to a cluster that is going away. '
      + 'Fix: take it out first (global.clusters of shop/web), synthesize, and deploy stack global');
  });

  test('a stuck load balancer fails the teardown before Terraform runs, and says what is left', () => {
    const { bin } = fakeKubectl();
    // The script's 15-minute wait, shortened: SECONDS starts past the deadline.
    const script = fs.readFileSync(path.join(out.outdir, 'kubernetes/lab/teardown.sh'), 'utf-8').replace('deadline=$((SECONDS + 900))', 'deadline=0');
    const result = spawnSync('bash', ['-c', script], { env: { PATH: `${bin}:${process.env.PATH}`, TEARDOWN_STUCK: '1' }, encoding: 'utf-8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('still there after 15 minutes: load balancers: shop/web ; volumes: ');
  });
});
