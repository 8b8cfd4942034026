'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';

/**
 * Creates an article with `POST /api/articles` (the server picks the id) and opens its editor.
 * `@precond/client` has no POST: its `create()` is a PUT with `If-None-Match: *` to an id the
 * caller chooses.
 */
export function CreateArticleForm() {
  const router = useRouter();
  // Until React has hydrated the form, a click would submit it as a plain HTML form.
  const [hydrated, setHydrated] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  useEffect(() => setHydrated(true), []);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setStatus('Creating…');
    try {
      const response = await fetch('/api/articles', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: form.get('title'), body: form.get('body') }),
      });
      const answer = (await response.json()) as { id?: string; detail?: string };
      if (response.status !== 201 || answer.id === undefined) {
        setStatus(`Not created: ${answer.detail ?? `the server answered ${response.status}`}`);
        return;
      }
      setStatus('Created.');
      router.push(`/articles/${encodeURIComponent(answer.id)}/edit`);
    } catch {
      setStatus('Not created: the server could not be reached.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="create-form" onSubmit={create} aria-labelledby="create-heading">
      <h2 id="create-heading">New article</h2>
      <label htmlFor="new-title">Title</label>
      <input id="new-title" name="title" required maxLength={200} />
      <label htmlFor="new-body">Body</label>
      <textarea id="new-body" name="body" rows={4} />
      <p>
        <button type="submit" disabled={!hydrated || busy}>
          Create
        </button>
      </p>
      <p role="status" aria-live="polite" data-testid="create-status">
        {status}
      </p>
    </form>
  );
}
