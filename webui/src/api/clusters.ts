// /clusters: the profiles with their parallel clusters; start and stop.
import { Http } from "./http";

export interface ClusterRecord {
  cluster_id: string;
  pid: number;
  n: number;
  engines: number[];
}

export interface ClusterProfile {
  profile: string;
  profile_dir: string;
  status: "running" | "stopped" | "starting" | "stopping";
  /** The engines of the profile's cluster, when it runs. */
  n?: number;
  clusters: ClusterRecord[];
}

export class Clusters {
  constructor(private readonly http: Http) {}

  list(): Promise<ClusterProfile[]> {
    return this.http.request("GET", this.http.url("clusters"));
  }

  /** Start ``profile``'s cluster with ``n`` engines (null: the profile's default); the
   * answer comes once the engines are registered. */
  start(profile: string, n: number | null): Promise<ClusterProfile> {
    const query = n === null ? "" : `?n=${n}`;
    return this.http.request("POST", `${this.http.url("clusters", profile)}/start${query}`);
  }

  stop(profile: string): Promise<ClusterProfile> {
    return this.http.request("POST", `${this.http.url("clusters", profile)}/stop`);
  }
}
