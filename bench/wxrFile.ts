// A generated WordPress export for `npm run bench:import`: posts of about 65 comments each, of
// about 1.5 KB of text, with every status, threads a few replies deep, and the odd pingback.
// Written as a stream, so the generator itself stays small whatever the file's size.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const WORDS = (
  'the council voted late on tuesday to keep the old harbour open for fishing boats while the ' +
  'port authority studies a plan for ferries reporters asked whether the budget covers repairs ' +
  'to the sea wall and the mayor said engineers would report in spring résumé naïve café 日本語 ✓'
).split(' ');

/** A small deterministic generator, so two runs write the same file. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface GeneratedExport {
  bytes: number;
  posts: number;
  /** Comments the import stores (pingbacks left out). */
  comments: number;
  pingbacks: number;
}

/** Drawn at random: 16 in 20 approved, one each pending, spam, trash and post-trashed. */
const STATUSES = [...Array<string>(16).fill('1'), '0', 'spam', 'trash', 'post-trashed'];
const COMMENTS_PER_POST = 65;

function commentXml(
  id: number,
  parent: number,
  status: string,
  type: string,
  text: string,
  at: Date,
): string {
  const date = at.toISOString().slice(0, 19).replace('T', ' ');
  return `		<wp:comment>
			<wp:comment_id>${id}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader ${id % 5000}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader${id % 5000}@example.org]]></wp:comment_author_email>
			<wp:comment_author_url>https://reader${id % 50}.example/</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[198.51.100.${id % 250}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[${date}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[${date}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[${text}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[${status}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[${type}]]></wp:comment_type>
			<wp:comment_parent>${parent}</wp:comment_parent>
		</wp:comment>
`;
}

/** Writes an export of at least `targetBytes` to `file`. */
export async function writeWxrFile(file: string, targetBytes: number): Promise<GeneratedExport> {
  const next = random(12);
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const paragraph = () => {
    const words: string[] = [];
    for (let length = 0; length < 480; length += 6)
      words.push(WORDS[Math.floor(next() * WORDS.length)] as string);
    return words.join(' ');
  };
  const result: GeneratedExport = { bytes: 0, posts: 0, comments: 0, pingbacks: 0 };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench</title>
	<wp:wxr_version>1.2</wp:wxr_version>
`);
  let commentId = 0;
  const start = Date.UTC(2015, 0, 1);
  while (bytes < targetBytes) {
    const postId = ++result.posts;
    await write(`	<item>
		<title><![CDATA[Harbour story ${postId}]]></title>
		<link>https://bench.example/${2015 + (postId % 10)}/story-${postId}/</link>
		<content:encoded><![CDATA[${paragraph()}]]></content:encoded>
		<wp:post_id>${postId}</wp:post_id>
		<wp:post_date_gmt>2015-01-01 00:00:00</wp:post_date_gmt>
		<wp:comment_status>open</wp:comment_status>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
`);
    const ids: number[] = [];
    for (let n = 0; n < COMMENTS_PER_POST; n++) {
      const id = ++commentId;
      const isPingback = next() < 0.01;
      // Four in ten reply to an earlier comment of the post, so threads run a few levels deep.
      const parent = ids.length > 0 && next() < 0.4 ? (ids[Math.floor(next() * ids.length)] as number) : 0;
      const status = STATUSES[Math.floor(next() * STATUSES.length)] as string;
      const text = `${paragraph()}\n\n${paragraph()}\n\n${paragraph()}`;
      await write(
        commentXml(
          id,
          parent,
          status,
          isPingback ? 'pingback' : 'comment',
          text,
          new Date(start + id * 60_000),
        ),
      );
      if (isPingback) result.pingbacks += 1;
      else {
        result.comments += 1;
        ids.push(id);
      }
    }
    await write('	</item>\n');
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return { ...result, bytes };
}
