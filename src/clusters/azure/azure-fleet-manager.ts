import { KubernetesFleetManager } from '@cdktf/provider-azurerm/lib/kubernetes-fleet-manager';
import { KubernetesFleetUpdateStrategy } from '@cdktf/provider-azurerm/lib/kubernetes-fleet-update-strategy';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { IResolvable, Lazy, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { AZURE_STAGE_SOAK_SECONDS, AZURE_UPDATE_STRATEGY } from './azure-fleet-manager-names';


/** What the Fleet Manager needs from the fleet. */
export interface AzureFleetManagerProps {
  readonly fleetName: string;
  readonly subscriptionId: string;
  readonly region: string;
  /** The fleet's waves in order; a stage for each one that has AKS clusters. */
  readonly waveOrder: () => string[];
  readonly tags: { [key: string]: string };
}

/**
 * One Azure Kubernetes Fleet Manager (without a hub cluster) for the fleet's
 * AKS clusters, and the update strategy their upgrades follow: one stage per
 * wave, in wave order, each stage one group named after its wave, an hour
 * apart. Clusters do not upgrade themselves; an update run started with
 * this strategy patches Kubernetes or node images wave after wave, inside
 * each cluster's maintenance window (Fleet Manager's update orchestration).
 *
 * Lives in a stack of its own, applied before the region stacks, which
 * join their clusters to it by its resource id.
 */
export class AzureFleetManager extends Construct {
  /** The Fleet Manager's resource id, known before it exists. */
  public readonly fleetManagerId: string;
  public readonly resourceGroupName: string;
  public readonly fleetManagerName: string;
  private readonly waves = new Set<string>();

  constructor(scope: Construct, id: string, props: AzureFleetManagerProps) {
    super(scope, id);
    this.resourceGroupName = `rg-${props.fleetName}-fleet-manager`;
    this.fleetManagerName = props.fleetName;
    this.fleetManagerId = `/subscriptions/${props.subscriptionId}/resourceGroups/${this.resourceGroupName}` +
      `/providers/Microsoft.ContainerService/fleets/${this.fleetManagerName}`;
    const group = new ResourceGroup(this, 'resource-group', { name: this.resourceGroupName, location: props.region, tags: props.tags });
    const manager = new KubernetesFleetManager(this, 'fleet-manager', {
      name: this.fleetManagerName,
      location: props.region,
      resourceGroupName: group.name,
      tags: props.tags,
    });
    const strategy = new KubernetesFleetUpdateStrategy(this, 'update-strategy', {
      name: AZURE_UPDATE_STRATEGY,
      kubernetesFleetManagerId: manager.id,
      // Filled at synth, once every cluster has joined its wave; a token is
      // written as it resolves, so in Terraform's own spelling.
      stage: Lazy.anyValue({
        produce: () => {
          const waves = props.waveOrder().filter((wave) => this.waves.has(wave));
          // A soak between waves; none after the last, which would only hold the run open.
          return waves.map((wave, index) => ({
            name: wave,
            group: [{ name: wave }],
            ...(index < waves.length - 1 ? { after_stage_wait_in_seconds: AZURE_STAGE_SOAK_SECONDS } : {}),
          }));
        },
      }) as IResolvable,
    });
    const outputs: Record<string, { value: string; description: string }> = {
      fleet_manager_name: { value: manager.name, description: 'Azure Kubernetes Fleet Manager that orchestrates AKS upgrades' },
      fleet_manager_resource_group: { value: group.name, description: 'Resource group of the Fleet Manager' },
      update_strategy_name: { value: strategy.name, description: 'Update strategy: one stage per wave, in wave order' },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { ...output, staticId: true });
    }
  }

  /** Adds a wave with AKS clusters to the strategy; its stage keeps the wave's place in the order. */
  public addWave(wave: string): void {
    this.waves.add(wave);
  }
}
