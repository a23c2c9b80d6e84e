/** The NOT_FOUND message when the named user holds no membership in the organization. */
export const NOT_A_MEMBER = "That user is not a member of this organization";
