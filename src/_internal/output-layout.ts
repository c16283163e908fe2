/** The folder, under the output directory, that holds one folder per cluster. */
export const KUBERNETES_DIR = 'kubernetes';
