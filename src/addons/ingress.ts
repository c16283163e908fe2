import type { AddOnContext } from './add-on';
import { AddOnRelease, HelmAddOn } from './helm-add-on';
import { AWS_LOAD_BALANCER_CONTROLLER, publicLoadBalancerAnnotations } from './load-balancer';
import { addMeshClientPolicy, meshClientPodLabels } from './mesh';
import { Cloud } from '../clusters/cloud';
import type { ICluster } from '../clusters/cluster';
import { BundledComponent } from '../clusters/distribution';

/** Where ingress-nginx runs. */
const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';

/** The one IngressClass every cluster offers. */
export const STANDARD_INGRESS_CLASS = 'fleet';

/**
 * ingress-nginx as the fleet's one ingress class, `fleet`, the default
 * class: HTTP redirects to HTTPS, TLS 1.2+, cert-manager certificates
 * (through the `letsencrypt` issuer by default), two replicas and a PDB,
 * behind the cloud's layer-4 load balancer (on EKS an NLB of the AWS Load
 * Balancer Controller). With the mesh on the cluster it joins the mesh as a
 * client, so it reaches team pods that require mutual TLS.
 */
export class IngressNginx extends HelmAddOn {
  public static readonly ID = 'ingress-nginx';

  constructor() {
    super({ id: IngressNginx.ID, requires: ['cert-manager'], orderAfter: [AWS_LOAD_BALANCER_CONTROLLER] });
  }

  /** Not where the distribution's own ingress controller holds ports 80 and 443 (k3s Traefik, RKE2 ingress-nginx). */
  public appliesTo(cluster: ICluster): boolean {
    return !cluster.bundledComponents.includes(BundledComponent.INGRESS);
  }

  protected releases(cluster: ICluster, context: AddOnContext): AddOnRelease[] {
    const annotations = publicLoadBalancerAnnotations(cluster, context.onCluster, '/healthz');
    return [{
      name: this.id,
      namespace: INGRESS_NGINX_NAMESPACE,
      values: {
        controller: {
          replicaCount: 2,
          minAvailable: 1,
          ingressClass: STANDARD_INGRESS_CLASS,
          ingressClassResource: { name: STANDARD_INGRESS_CLASS, default: true, controllerValue: 'k8s.io/ingress-nginx' },
          config: { 'ssl-redirect': 'true', 'force-ssl-redirect': 'true', 'ssl-protocols': 'TLSv1.2 TLSv1.3', 'allow-snippet-annotations': 'false' },
          service: { annotations, externalTrafficPolicy: 'Local' },
          metrics: { enabled: true },
          ...(meshClientPodLabels(context) ? { podLabels: meshClientPodLabels(context) } : {}),
        },
      },
    }];
  }

  protected addObjects(_cluster: ICluster, context: AddOnContext): void {
    addMeshClientPolicy(context, INGRESS_NGINX_NAMESPACE);
  }
}

/**
 * The AWS Load Balancer Controller: on EKS it provisions the NLBs in front
 * of the ingress controller and the mesh gateway (IP targets), as its own
 * workload identity. It serves no IngressClass: the fleet's routes use the
 * `fleet` class, whose certificates come from cert-manager, which an ALB
 * cannot serve (ALB listeners take ACM certificates only). Services opt in
 * by annotation; the webhook that would take over every LoadBalancer
 * Service stays off. Its webhook certificate comes from cert-manager, so
 * every render of the chart is the same (the chart's own would be new
 * each time).
 */
export class AwsLoadBalancerController extends HelmAddOn {
  public static readonly ID = AWS_LOAD_BALANCER_CONTROLLER;

  constructor() {
    super({ id: AwsLoadBalancerController.ID, requires: ['cert-manager'] });
  }

  public appliesTo(cluster: ICluster): boolean {
    return cluster.cloud === Cloud.AWS;
  }

  protected releases(cluster: ICluster, _context: AddOnContext): AddOnRelease[] {
    const identity = cluster.bindWorkloadIdentity({
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
      policyArns: ['arn:aws:iam::aws:policy/ElasticLoadBalancingFullAccess'],
      policyStatements: [
        {
          actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'ec2:DescribeAvailabilityZones',
            'ec2:CreateSecurityGroup', 'ec2:CreateTags', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup',
            'acm:ListCertificates', 'acm:DescribeCertificate', 'wafv2:GetWebACLForResource', 'shield:GetSubscriptionState'],
          resources: ['*'],
        },
      ],
    });
    return [{
      name: this.id,
      namespace: 'kube-system',
      values: {
        clusterName: cluster.clusterName,
        region: cluster.region,
        replicaCount: 2,
        serviceAccount: { name: 'aws-load-balancer-controller', annotations: identity.serviceAccountAnnotations },
        createIngressClassResource: false,
        enableServiceMutatorWebhook: false,
        enableCertManager: true,
      },
    }];
  }
}
