import { IStackSynthesizer, ISynthesisSession, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { Fleet } from './fleet';
import { withoutCreationStacks } from '../_internal/creation-stacks';
import { FleetError } from '../_internal/fleet-error';
import { AWS_GLOBAL_SERVICES_REGION, GLOBAL_REGION } from '../_internal/global-region';
import { setUpAwsStack } from '../clusters/aws/aws-stack-setup';
import { setUpAzureStack } from '../clusters/azure/azure-stack-setup';
import { Cloud } from '../clusters/cloud';

/** Properties of a region stack. */
export interface RegionStackProps {
  /** The fleet the stack belongs to. */
  readonly fleet: Fleet;
  /** AWS or Azure. */
  readonly cloud: Cloud;
  /** The cloud region (`global` for the fleet's global stack). */
  readonly region: string;
}


/**
 * One Terraform stack per cloud region: its own provider, its own remote
 * state, its own blast radius. Named `<cloud>-<region>`, deployed with
 * `cdktf deploy <cloud>-<region>`. Clusters create their stacks through the
 * fleet; there is no need to create one by hand.
 */
export class RegionStack extends TerraformStack {
  /** The stack name, e.g. `aws-us-east-1`. */
  public readonly stackName: string;
  public readonly cloud: Cloud;
  public readonly region: string;
  protected readonly fleet: Fleet;

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id);
    this.fleet = props.fleet;
    this.cloud = props.cloud;
    this.region = props.region;
    this.stackName = id;
    // One state file per stack: <prefix>/<stack>.tfstate, the prefix defaulting to the fleet name.
    const stateKey = (keyPrefix?: string) => `${keyPrefix ?? this.fleet.fleetName}/${id}.tfstate`;

    switch (props.cloud) {
      case Cloud.AWS: {
        const backend = this.fleet.awsStateBackend;
        if (!backend) {
          throw FleetError.invalidProperty(this.fleet, 'awsStateBackend', backend,
            `must be set before an AWS cluster is added (stack '${id}' needs remote state)`,
            "give the Fleet awsStateBackend: { bucket: '<state bucket>', region: '<bucket region>' }");
        }
        setUpAwsStack(this, {
          region: props.region === GLOBAL_REGION ? AWS_GLOBAL_SERVICES_REGION : props.region,
          backend,
          stateKey: stateKey(backend.keyPrefix),
          defaultTags: this.fleet.cloudTags,
          accountId: this.fleet.awsAccountId,
        });
        break;
      }
      case Cloud.AZURE: {
        const backend = this.fleet.azureStateBackend;
        if (!backend) {
          throw FleetError.invalidProperty(this.fleet, 'azureStateBackend', backend,
            `must be set before an Azure cluster is added (stack '${id}' needs remote state)`,
            'give the Fleet azureStateBackend: { resourceGroupName, storageAccountName, containerName }');
        }
        // The global stack acts in the subscription of the global DNS zone; the state stays with the fleet's.
        const zoneSubscription = props.region === GLOBAL_REGION ? this.fleet.globalDns?.azureDnsZone?.subscriptionId : undefined;
        const subscriptionId = zoneSubscription ?? this.fleet.azureSubscriptionId;
        if (!subscriptionId) {
          throw FleetError.invalidProperty(this.fleet, 'azureSubscriptionId', subscriptionId,
            `must be set before an Azure cluster is added (stack '${id}' deploys into it)`,
            "give the Fleet azureSubscriptionId: '<subscription GUID>'");
        }
        setUpAzureStack(this, {
          subscriptionId,
          backend: { ...backend, subscriptionId: backend.subscriptionId ?? this.fleet.azureSubscriptionId ?? subscriptionId },
          stateKey: stateKey(backend.keyPrefix),
        });
        break;
      }
      default:
        throw FleetError.invalidProperty(this, 'cloud', props.cloud, 'has no Terraform stack', 'attached clusters need no region stack');
    }

    // Fleet-wide outputs (Kubernetes YAML, fleet.json, report) are written
    // once per synth, after the first stack that synthesizes.
    this.synthesizer = new FleetOutputsSynthesizer(this.synthesizer, this.fleet);
  }

  /**
   * Runs the fleet-wide validation before any stack is written, so that
   * every problem of the fleet is reported together and nothing half-written
   * is left behind.
   */
  public prepareStack(): void {
    withoutCreationStacks(() => {
      this.fleet._validateFleet();
      super.prepareStack();
    });
  }
}

/** Synthesizes the stack as cdktf does, then lets the fleet write its own outputs. */
class FleetOutputsSynthesizer implements IStackSynthesizer {
  constructor(private readonly inner: IStackSynthesizer, private readonly fleet: Fleet) {}

  public synthesize(session: ISynthesisSession): void {
    withoutCreationStacks(() => {
      this.inner.synthesize(session);
      this.fleet._writeOutputs(session.outdir);
    });
  }
}
