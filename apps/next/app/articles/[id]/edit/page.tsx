import Link from 'next/link';
import { ArticleEditor } from './article-editor';

/** `/articles/[id]/edit`: the editor loads the article in the browser, through `@precond/client`. */
export default async function EditArticlePage({ params }: { readonly params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <p>
        <Link href="/articles">All articles</Link>
      </p>
      <ArticleEditor id={id} />
    </>
  );
}
