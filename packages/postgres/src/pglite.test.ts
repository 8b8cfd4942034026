import { PGlite } from '@electric-sql/pglite';
import { fromPglite } from './pglite.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

defineVersionedTableSuite({
  name: 'PGlite',
  concurrent: false,
  async open() {
    const db = await PGlite.create();
    return {
      client: fromPglite(db),
      transaction: (work) => db.transaction((tx) => work(fromPglite(tx))),
      close: () => db.close(),
    };
  },
});
