import { processDatabase } from '@precond/domain';
import Link from 'next/link';
import { CreateArticleForm } from './create-article-form';

// Read the articles on every request: without this, `next build` would render the list once and
// serve that snapshot for ever.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `/articles`: every article, newest first, each linking to its editor, and a form to add one. */
export default async function ArticlesPage() {
  const articles = await (await processDatabase()).articles.list();
  return (
    <>
      <h1>Articles</h1>
      {articles.length === 0 ? (
        <p>No articles yet.</p>
      ) : (
        <ul className="article-list" data-testid="article-list">
          {articles.map((article) => (
            <li key={article.id}>
              <Link href={`/articles/${encodeURIComponent(article.id)}/edit`}>{article.title}</Link>
            </li>
          ))}
        </ul>
      )}
      <CreateArticleForm />
    </>
  );
}
