// `pnpm demo`: the lost update that precond prevents, replayed against each running sample app.
// Two clients read the same article, both edit; the second write gets 412 with the current ETag,
// re-reads, merges its change into the new version and succeeds. Start the apps first: `pnpm start`.
const targets = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      'http://127.0.0.1:3001',
      'http://127.0.0.1:3002',
      'http://127.0.0.1:3003',
      'http://127.0.0.1:3004',
      'http://127.0.0.1:3005',
      'http://127.0.0.1:3006',
      'http://127.0.0.1:3007',
    ];

const say = (who, text) => console.log(`  ${who.padEnd(6)} ${text}`);

async function call(base, method, path, { headers = {}, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : undefined };
}

async function story(base) {
  console.log(`\n${base}`);
  const created = await call(base, 'POST', '/api/articles', {
    body: { title: 'Conditional requests', body: 'Draft.', views: 0 },
  });
  const path = `/api/articles/${created.body.id}`;
  say('setup', `POST /api/articles → ${created.status}, ETag ${created.etag}`);

  const alice = await call(base, 'GET', path);
  const bob = await call(base, 'GET', path);
  say('Alice', `GET → ${alice.status}, reads ETag ${alice.etag}`);
  say('Bob', `GET → ${bob.status}, reads ETag ${bob.etag}`);

  const aliceWrite = await call(base, 'PATCH', path, {
    headers: { 'if-match': alice.etag },
    body: { title: 'Conditional requests, done right' },
  });
  say('Alice', `PATCH title with If-Match ${alice.etag} → ${aliceWrite.status}, new ETag ${aliceWrite.etag}`);

  const bobWrite = await call(base, 'PATCH', path, {
    headers: { 'if-match': bob.etag },
    body: { body: 'Every write is a compare-and-set.' },
  });
  say(
    'Bob',
    `PATCH body with If-Match ${bob.etag} → ${bobWrite.status} (${bobWrite.body?.title}); current ETag ${bobWrite.etag}`,
  );
  say('', "Bob's write did not overwrite Alice's: nothing was lost.");

  const reread = await call(base, 'GET', path);
  say('Bob', `GET → ${reread.status}, sees title "${reread.body.title}", ETag ${reread.etag}`);
  const merged = await call(base, 'PATCH', path, {
    headers: { 'if-match': reread.etag },
    body: { body: 'Every write is a compare-and-set.' },
  });
  say('Bob', `PATCH his body change onto it with If-Match ${reread.etag} → ${merged.status}`);
  const final = await call(base, 'GET', path);
  say('result', JSON.stringify({ title: final.body.title, body: final.body.body }));
  return bobWrite.status === 412 && merged.status === 200;
}

let ok = true;
for (const base of targets) {
  try {
    ok = (await story(base)) && ok;
  } catch (error) {
    ok = false;
    console.error(
      `  could not reach ${base}: ${error.cause?.code ?? error.message} (is \`pnpm start\` running?)`,
    );
  }
}
process.exitCode = ok ? 0 : 1;
