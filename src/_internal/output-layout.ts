/** The folder, under the output directory, that holds one folder per cluster. */
export const KUBERNETES_DIR = 'kubernetes';

/** The script in each cluster's folder that runs its delivery steps. */
export const DELIVERY_SCRIPT = 'deliver.sh';
