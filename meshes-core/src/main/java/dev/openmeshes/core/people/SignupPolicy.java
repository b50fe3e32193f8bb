package dev.openmeshes.core.people;

/**
 * Who may create a new organization by signing up ({@code MESHES_SIGNUP}). Unset, sign-up is
 * open until the first user exists and by invitation after that.
 */
public enum SignupPolicy {
    /** Anyone may sign up, creating an organization of their own. */
    OPEN,
    /** Only invitations bring people in. */
    INVITE,
    /** Neither sign-up nor invitations. */
    OFF
}
