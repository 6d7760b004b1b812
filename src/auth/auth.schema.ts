// What the auth endpoints and the user commands accept.
import { z } from 'zod';
import { ROLES } from './access';
import { PASSWORD_MIN_LENGTH } from './password';

export const loginRequest = z.object({
  body: z.object({
    email: z
      .string({ error: 'Email is required.' })
      .trim()
      .min(1, 'Email is required.')
      .max(320, 'Email is too long.'),
    password: z
      .string({ error: 'Password is required.' })
      .min(1, 'Password is required.')
      .max(1024, 'Password is too long.'),
  }),
});

export const createTokenRequest = z.object({
  body: z.object({
    name: z
      .string({ error: 'Name must be text.' })
      .trim()
      .min(1, 'Name is required.')
      .max(100, 'Name is too long.')
      .default('API token'),
  }),
});

export const tokenIdRequest = z.object({
  params: z.object({ id: z.string().max(100) }),
});

/** A new password, from `users:add` or `users:passwd`. */
export const passwordSchema = z
  .string({ error: 'is required' })
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');

/** A display name (`users:set --name`); an empty one removes it. */
export const displayNameSchema = z
  .string()
  .trim()
  .max(100, 'must be at most 100 characters')
  // One line of text: it is shown in tab-separated lists and in the dashboard.
  .refine((name) => !/\p{Cc}/u.test(name), 'must not contain control characters (tabs, line breaks)')
  .transform((name) => (name === '' ? null : name));

/** What a signed-in user may change about themselves: the name their replies are signed with. */
export const updateMeRequest = z.object({
  body: z.object({
    name: z
      .string({ error: 'Name must be text.' })
      .pipe(displayNameSchema)
      .nullable()
      .meta({ description: 'Shown on your replies; empty or null goes back to "Moderator".' }),
  }),
});

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(320)),
    password: passwordSchema,
    role: z.enum(ROLES, { error: 'must be admin or moderator' }),
    sites: z.array(z.string().trim().min(1, 'must not be empty')).default([]),
    allSites: z.boolean().default(false),
  })
  .superRefine((user, context) => {
    if (user.role === 'admin' && user.sites.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['sites'],
        message: 'admins have access to every site; give no sites',
      });
    }
    if (user.role === 'moderator' && user.sites.length === 0 && !user.allSites) {
      context.addIssue({
        code: 'custom',
        path: ['sites'],
        message: 'a moderator needs at least one site, or access to all sites',
      });
    }
    if (user.role === 'moderator' && user.sites.length > 0 && user.allSites) {
      context.addIssue({ code: 'custom', path: ['sites'], message: 'give either some sites or all sites' });
    }
  });

export type NewUser = z.input<typeof newUserSchema>;
