// Next.js runs `register` once when the server starts. `next start` creates the HTTP server itself,
// so its connections are closed in stages from here, as Koa's and hapi's are where they listen: an
// oversized body's 413 then reaches a client that is still sending (RFC 9112 §9.6).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { closeEveryServerConnectionInStages } = await import('@precond/domain');
  closeEveryServerConnectionInStages();
}
