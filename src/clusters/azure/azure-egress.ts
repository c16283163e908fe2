/** The ways an AKS cluster's nodes may reach the internet. */
export enum AzureEgressKind {
  /** One Standard NAT gateway with a static public IP. */
  NAT_GATEWAY = 'natGateway',
  /** The cluster's Standard load balancer, through a zone-redundant static public IP. */
  ZONE_REDUNDANT_LOAD_BALANCER = 'zoneRedundantLoadBalancer',
  /** A default route to a firewall or network appliance. */
  FIREWALL = 'firewall',
}

/**
 * How a cluster's nodes reach the internet; the node subnet has no default
 * outbound access, so this is the only way out.
 *
 * - `natGateway()`, the default: a Standard NAT gateway with one static IP
 *   to allowlist. A Standard NAT gateway is a zonal resource, so egress
 *   stops while its zone is down. The zone-redundant StandardV2 SKU is not
 *   offered by the azurerm provider the fleet uses (v4.55.0 accepts
 *   `sku_name = "Standard"` only), and a subnet takes one NAT gateway, so
 *   "one per zone" would mean a subnet and node pools per zone.
 * - `zoneRedundantLoadBalancer()`: outbound rules of the cluster's Standard
 *   load balancer through a static public IP in every zone of the region;
 *   a zone-redundant frontend survives the loss of a zone. Fewer SNAT ports
 *   than a NAT gateway (the load balancer shares its ports among nodes).
 * - `firewall(nextHopIp)`: a default route from the node subnet to a
 *   firewall or appliance (`userDefinedRouting`), which filters egress and
 *   must admit what AKS needs (the AKS "outbound network and FQDN rules").
 *   Filtering by FQDN inside the cluster (Cilium FQDN policies) needs AKS's
 *   Advanced Container Networking Services, which the fleet does not turn on.
 */
export class AzureEgress {
  /** One Standard NAT gateway with a static public IP (zonal). */
  public static natGateway(): AzureEgress {
    return new AzureEgress(AzureEgressKind.NAT_GATEWAY);
  }

  /** The cluster load balancer's outbound rules through a static public IP in every zone. */
  public static zoneRedundantLoadBalancer(): AzureEgress {
    return new AzureEgress(AzureEgressKind.ZONE_REDUNDANT_LOAD_BALANCER);
  }

  /**
   * A default route to a firewall or appliance at `nextHopIp`.
   * @param nextHopIp the firewall's private IPv4 address, e.g. `10.0.1.4`
   */
  public static firewall(nextHopIp: string): AzureEgress {
    return new AzureEgress(AzureEgressKind.FIREWALL, nextHopIp);
  }

  private constructor(
    /** Which way out. */
    public readonly kind: AzureEgressKind,
    /** The firewall's private address, for `FIREWALL`. */
    public readonly nextHopIp?: string,
  ) {}
}
