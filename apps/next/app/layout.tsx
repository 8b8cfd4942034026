import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './styles.css';

export const metadata: Metadata = {
  title: 'precond articles',
  description: 'Articles edited with conditional requests: a save never overwrites what someone else saved.',
};

/** The root layout of the pages (`/articles`); the API under `/api` is route handlers only. */
export default function RootLayout({ children }: { readonly children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}
