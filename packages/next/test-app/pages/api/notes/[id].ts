import { withPreconditionsApi } from '@precond/next/pages';
import { read, update, validators } from '../../../lib/notes';

const idOf = (query: Partial<Record<string, string | string[]>>) => String(query.id);

export default withPreconditionsApi(
  (req, res, { validators }) => {
    if (req.method === 'PATCH') {
      const { note, etag } = update(idOf(req.query), (req.body as { text: string }).text, validators?.etag);
      res.setHeader('ETag', etag);
      res.json(note);
      return;
    }
    const note = read(idOf(req.query));
    if (note) res.json(note);
    else res.status(404).json({ title: 'Not Found' });
  },
  { loadValidators: (req) => validators(idOf(req.query)), requirePreconditions: true },
);
