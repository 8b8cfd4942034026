'use client';

import type { Success } from '@precond/client';
import { createClient } from '@precond/client';
import type { FormEvent, RefObject } from 'react';
import { useEffect, useRef, useState } from 'react';

/** An article as the API represents it. */
interface Article {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly views: number;
}

/** What the editor edits. */
type Fields = Pick<Article, 'title' | 'body'>;

/** A version of the article and the ETag that names it: the `If-Match` of a write based on it. */
interface Version {
  readonly article: Article;
  readonly etag: string | undefined;
}

/** A save that lost the race: the version saved meanwhile, and what to do about it. */
interface Conflict {
  readonly theirs: Version;
  /** `merge` shows editable fields (`merged`) beside theirs. */
  readonly mode: 'choose' | 'merge';
  readonly merged: Fields;
}

/** Where the editor is: loading the article, editing it, or unable to. */
type Phase = 'loading' | 'ready' | 'not-found' | 'failed';

const FIELDS = [
  { name: 'title', label: 'Title' },
  { name: 'body', label: 'Body' },
] as const;

// Relative URLs resolve against the page's location.
const client = createClient();

const fieldsOf = ({ title, body }: Fields): Fields => ({ title, body });
const versionOf = (result: Success<Article>): Version => ({ article: result.value, etag: result.etag });
const differingFields = (a: Fields, b: Fields) => FIELDS.filter(({ name }) => a[name] !== b[name]);

/**
 * The editor of one article. It remembers the ETag of the version it loaded and saves with
 * `If-Match` (a merge patch through `@precond/client`): when someone else saved in between, the
 * server answers 412 and nothing is overwritten. The editor then re-reads the current version and
 * shows both side by side; the user keeps theirs, saves their own over it, or merges by hand, and
 * that resolution is saved against the current version's ETag, so it too fails rather than
 * overwrite a third save.
 */
export function ArticleEditor({ id }: { readonly id: string }) {
  const url = `/api/articles/${encodeURIComponent(id)}`;
  const [phase, setPhase] = useState<Phase>('loading');
  /** The version the edits are based on. */
  const [base, setBase] = useState<Version>();
  /** The user's edits ("mine"). */
  const [draft, setDraft] = useState<Fields>({ title: '', body: '' });
  const [conflict, setConflict] = useState<Conflict>();
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const conflictHeading = useRef<HTMLHeadingElement>(null);
  const mergeHeading = useRef<HTMLHeadingElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const hadConflict = useRef(false);

  useEffect(() => {
    const abort = new AbortController();
    client.get<Article>(url, { signal: abort.signal }).then(
      (result) => {
        if (result.kind === 'ok') {
          setBase(versionOf(result));
          setDraft(fieldsOf(result.value));
          setPhase('ready');
        } else {
          setPhase(result.kind === 'gone' ? 'not-found' : 'failed');
          setStatus(result.kind === 'gone' ? '' : `Could not load the article: ${result.message}`);
        }
      },
      () => undefined, // aborted: the component went away
    );
    return () => abort.abort();
  }, [url]);

  // Keyboard and screen reader users land on what just appeared: the conflict (again, when a newer
  // version conflicts), the merge form, or the editor once the conflict is resolved.
  const conflictMode = conflict?.mode;
  const theirsTag = conflict?.theirs.etag;
  useEffect(() => {
    if (conflictMode === 'choose') conflictHeading.current?.focus();
    else if (conflictMode === 'merge') mergeHeading.current?.focus();
    else if (hadConflict.current) titleInput.current?.focus();
    hadConflict.current = conflictMode !== undefined;
  }, [conflictMode, theirsTag]);

  /** Goes on editing `version`, the current one. */
  function settle(version: Version, message: string) {
    setBase(version);
    setDraft(fieldsOf(version.article));
    setConflict(undefined);
    setStatus(message);
  }

  /** Writes `fields` as a merge patch with `If-Match: <against's ETag>`. */
  async function save(fields: Fields, against: Version) {
    setSaving(true);
    try {
      const result = await client.patch<Article>(url, fields, { ifMatch: against.etag });
      switch (result.kind) {
        case 'ok':
          // A 204 carries no article: the one saved is `against` with these fields, as If-Match held.
          settle({ article: result.value ?? { ...against.article, ...fields }, etag: result.etag }, 'Saved.');
          return;
        case 'precondition-failed':
          await showConflict(fields);
          return;
        case 'gone':
          setPhase('not-found');
          setStatus('Not saved: the article was deleted meanwhile.');
          return;
        default:
          setStatus(`Not saved: ${result.problem?.detail ?? result.message}`);
      }
    } finally {
      setSaving(false);
    }
  }

  /** After a 412: reads the version saved meanwhile and lays it beside `mine`. */
  async function showConflict(mine: Fields) {
    const current = await client.get<Article>(url);
    if (current.kind === 'gone') {
      setPhase('not-found');
      setStatus('Not saved: the article was deleted meanwhile.');
      return;
    }
    if (current.kind !== 'ok') {
      setStatus(
        `Not saved: someone else saved this article, and reading their version failed: ${current.message}`,
      );
      return;
    }
    const theirs = versionOf(current);
    if (differingFields(theirs.article, mine).length === 0) {
      settle(theirs, 'Someone else saved the same changes meanwhile; there is nothing left to save.');
      return;
    }
    const edited = base?.article ?? theirs.article;
    setDraft(mine);
    setConflict({
      theirs,
      mode: 'choose',
      // A field the user did not touch starts with theirs, so merging never undoes their edit unseen.
      merged: {
        title: mine.title === edited.title ? theirs.article.title : mine.title,
        body: mine.body === edited.body ? theirs.article.body : mine.body,
      },
    });
    setStatus(
      'Someone else saved this article while you were editing. Nothing was overwritten: compare the two versions and choose what to keep.',
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!base || saving) return;
    if (differingFields(base.article, draft).length === 0) {
      setStatus('No changes to save.');
      return;
    }
    void save(draft, base);
  }

  if (phase === 'loading') return <p aria-busy="true">Loading the article…</p>;
  if (phase === 'not-found') {
    return (
      <>
        <h1>Article not found</h1>
        <p data-testid="not-found">There is no article with the id “{id}”. It may have been deleted.</p>
        {status ? <p role="status">{status}</p> : null}
      </>
    );
  }
  if (phase === 'failed' || !base) {
    return (
      <>
        <h1>The article could not be loaded</h1>
        <p role="alert">{status}</p>
      </>
    );
  }

  return (
    <>
      <h1>Edit “{base.article.title}”</h1>
      <p role="status" aria-live="polite" className="status" data-testid="status">
        {status}
      </p>
      {conflict ? (
        <ConflictView
          conflict={conflict}
          mine={draft}
          saving={saving}
          headingRef={conflictHeading}
          mergeHeadingRef={mergeHeading}
          onKeepTheirs={() => settle(conflict.theirs, 'Kept their version; your changes were discarded.')}
          onTakeMine={() => void save(draft, conflict.theirs)}
          onMergeByHand={() => setConflict({ ...conflict, mode: 'merge' })}
          onMergedChange={(merged) => setConflict({ ...conflict, merged })}
          onSaveMerged={() => void save(conflict.merged, conflict.theirs)}
          onBackToChoices={() => setConflict({ ...conflict, mode: 'choose' })}
        />
      ) : (
        <form className="editor" onSubmit={submit} aria-label="Article">
          <label htmlFor="title">Title</label>
          <input
            id="title"
            ref={titleInput}
            value={draft.title}
            readOnly={saving}
            required
            maxLength={200}
            onChange={(event) => setDraft({ ...draft, title: event.target.value })}
          />
          <label htmlFor="body">Body</label>
          <textarea
            id="body"
            rows={10}
            value={draft.body}
            readOnly={saving}
            onChange={(event) => setDraft({ ...draft, body: event.target.value })}
          />
          <p>
            <button type="submit" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
          </p>
        </form>
      )}
    </>
  );
}

interface ConflictViewProps {
  readonly conflict: Conflict;
  readonly mine: Fields;
  readonly saving: boolean;
  readonly headingRef: RefObject<HTMLHeadingElement | null>;
  readonly mergeHeadingRef: RefObject<HTMLHeadingElement | null>;
  readonly onKeepTheirs: () => void;
  readonly onTakeMine: () => void;
  readonly onMergeByHand: () => void;
  readonly onMergedChange: (merged: Fields) => void;
  readonly onSaveMerged: () => void;
  readonly onBackToChoices: () => void;
}

/** Their version and mine side by side, differing fields marked, and the three ways out. */
function ConflictView(props: ConflictViewProps) {
  const { conflict, mine, saving } = props;
  const theirs = conflict.theirs.article;
  return (
    <section className="conflict" aria-labelledby="conflict-heading" data-testid="conflict">
      <h2 id="conflict-heading" tabIndex={-1} ref={props.headingRef}>
        Conflict: someone else saved this article first
      </h2>
      <table className="versions">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Their version (saved)</th>
            <th scope="col">Your version (not saved)</th>
          </tr>
        </thead>
        <tbody>
          {FIELDS.map(({ name, label }) => {
            const differs = theirs[name] !== mine[name];
            const show = (text: string) => (differs ? <mark>{text}</mark> : text);
            return (
              <tr
                key={name}
                className={differs ? 'differs' : undefined}
                data-testid={`conflict-${name}`}
                data-differs={differs}
              >
                <th scope="row">
                  {label} <span className="verdict">{differs ? 'differs' : 'same'}</span>
                </th>
                <td data-testid={`theirs-${name}`}>{show(theirs[name])}</td>
                <td data-testid={`mine-${name}`}>{show(mine[name])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {conflict.mode === 'choose' ? (
        <div className="actions">
          <button type="button" onClick={props.onKeepTheirs} disabled={saving}>
            Keep theirs
          </button>
          <button type="button" onClick={props.onTakeMine} disabled={saving}>
            Take mine
          </button>
          <button type="button" onClick={props.onMergeByHand} disabled={saving}>
            Merge by hand
          </button>
        </div>
      ) : (
        <form
          className="merge"
          aria-labelledby="merge-heading"
          onSubmit={(event) => {
            event.preventDefault();
            props.onSaveMerged();
          }}
        >
          <h3 id="merge-heading" tabIndex={-1} ref={props.mergeHeadingRef}>
            Merge by hand
          </h3>
          <p>
            Each field starts with your text where you changed it, theirs otherwise. Their version is shown
            beside it.
          </p>
          {FIELDS.map(({ name, label }) => (
            <div className="merge-field" key={name}>
              <label htmlFor={`merged-${name}`}>{label} (merged)</label>
              {name === 'title' ? (
                <input
                  id="merged-title"
                  value={conflict.merged.title}
                  readOnly={saving}
                  required
                  maxLength={200}
                  onChange={(event) =>
                    props.onMergedChange({ ...conflict.merged, title: event.target.value })
                  }
                />
              ) : (
                <textarea
                  id="merged-body"
                  rows={6}
                  value={conflict.merged.body}
                  readOnly={saving}
                  onChange={(event) => props.onMergedChange({ ...conflict.merged, body: event.target.value })}
                />
              )}
              <div className="theirs-beside">
                <span className="caption">Theirs</span>
                <div data-testid={`merge-theirs-${name}`}>{theirs[name]}</div>
              </div>
            </div>
          ))}
          <div className="actions">
            <button type="submit" disabled={saving}>
              {saving ? 'Saving…' : 'Save merged version'}
            </button>
            <button type="button" onClick={props.onBackToChoices} disabled={saving}>
              Back to the choices
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
