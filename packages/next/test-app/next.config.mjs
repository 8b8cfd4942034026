/**
 * Resolves the workspace's @precond packages from source (the `dev-source` export condition), as the
 * package's own tests do, so that this app needs no build of them.
 *
 * @type {import('next').NextConfig}
 */
export default {
  transpilePackages: ['@precond/next', '@precond/core'],
  webpack(config) {
    config.resolve.conditionNames = ['dev-source', ...(config.resolve.conditionNames ?? ['...'])];
    config.resolve.extensionAlias = { '.js': ['.ts', '.js'] };
    config.resolve.symlinks = false;
    return config;
  },
};
