/** RFC 4271 section 4.1: the smallest BGP message, a bare header. */
export const HEADER_LENGTH = 19;
/** RFC 4271 section 4: the maximum message size without RFC 8654. */
export const MAX_MESSAGE_LENGTH = 4096;
/** RFC 8654 section 4: the maximum message size with extended messages. */
export const MAX_EXTENDED_MESSAGE_LENGTH = 65535;
/** RFC 4271 section 4.2: OPEN without optional parameters. */
export const MIN_OPEN_LENGTH = 29;
/** RFC 4271 section 4.3: UPDATE with no withdrawn routes, attributes or NLRI. */
export const MIN_UPDATE_LENGTH = 23;
/** RFC 4271 section 4.5: NOTIFICATION with no data. */
export const MIN_NOTIFICATION_LENGTH = 21;
/** RFC 2918 section 3: ROUTE-REFRESH header plus AFI, reserved, SAFI. */
export const ROUTE_REFRESH_LENGTH = 23;
/** Maximum nesting of containers inside containers (ATTR_SET, Hard Reset) a decoder follows. */
export const MAX_NESTING = 4;
