// Sign-in, sign-up and accepting an invitation: POST /auth/login, /auth/signup and
// /auth/invitations/accept set the session cookie (HttpOnly) and the CSRF cookie the API wrapper reads.
import { post } from '../api.js';
import { h, form, field } from '../dom.js';
import { signedIn } from '../router.js';

export function signIn(params) {
  return h('section', { class: 'narrow' },
    h('h1', {}, 'Sign in'),
    form({ id: 'signin' }, [
      field('Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username' })),
      field('Password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' })),
      h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    ], async (values) => {
      await post('/auth/login', { email: values.email, password: values.password });
      signedIn(safeNext(params.next));
    }),
    h('p', {}, 'New here? ', h('a', { href: '#/signup' }, 'Create an organization')));
}

export function signUp() {
  return h('section', { class: 'narrow' },
    h('h1', {}, 'Create your organization'),
    form({ id: 'signup' }, [
      field('Organization name', h('input', { name: 'company_name', required: true, autocomplete: 'organization' })),
      field('Email', h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username' })),
      field('Password', h('input', { name: 'password', type: 'password', required: true, minlength: 10,
        autocomplete: 'new-password' }), 'At least 10 characters'),
      h('button', { type: 'submit', class: 'primary' }, 'Sign up'),
    ], async (values) => {
      await post('/auth/signup', values);
      signedIn('/workspaces');
    }),
    h('p', {}, 'Already have an account? ', h('a', { href: '#/signin' }, 'Sign in')));
}

// The invitation link (/invitations/accept?token=…) serves this shell: the token is taken from the
// address at once and the address replaced, so it stays in no history entry, bookmark or Referer.
const INVITATION_PATH = '/invitations/accept';
let invitationToken = null;
if (location.pathname === INVITATION_PATH) {
  invitationToken = new URLSearchParams(location.search).get('token');
  history.replaceState(null, '', '/#' + INVITATION_PATH);
}

export function acceptInvitation() {
  if (!invitationToken) {
    return h('section', { class: 'narrow', id: 'invitation' },
      h('h1', {}, 'Accept an invitation'),
      h('p', {}, 'This page needs the link of your invitation: open it again from the message you were sent.'));
  }
  return h('section', { class: 'narrow', id: 'invitation' },
    h('h1', {}, 'Accept an invitation'),
    h('p', {}, 'You were invited to an organization on OpenMeshes.'),
    form({ id: 'accept-invitation' }, [
      field('Password', h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }),
        'New here: choose one, at least 10 characters. Already have an account with this email: its password.'),
      h('button', { type: 'submit', class: 'primary' }, 'Join'),
    ], async (values) => {
      await post('/auth/invitations/accept', { token: invitationToken, password: values.password });
      invitationToken = null; // used: a second submit would only be refused
      signedIn('/workspaces');
    }));
}

/** Only a path of this dashboard: a crafted link must not send someone elsewhere after signing in. */
function safeNext(next) {
  return typeof next === 'string' && /^\/[A-Za-z0-9/_-]*$/.test(next) && next !== '/signin' ? next : '/workspaces';
}
