// Not wrapped: shows what Next itself does with a route handler response (no ETag).
export async function GET() {
  return new Response('bare');
}
