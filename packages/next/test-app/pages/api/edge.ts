import { json, withPreconditions } from '@precond/next';

// A Pages Router API route on the Edge runtime takes a Fetch Request: the App Router wrapper serves it.
export const config = { runtime: 'edge' };

export default withPreconditions(async () => json({ router: 'pages', runtime: 'edge' }));
