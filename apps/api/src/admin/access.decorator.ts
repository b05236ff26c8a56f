import { SetMetadata } from '@nestjs/common';

export type Access = 'public' | 'admin';
export const ACCESS_KEY = 'tessera:access';

/** Anyone may call this route: devices, customer servers fetching keys, load balancers. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'public');

/** Only a holder of an admin credential may call this route. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'admin');
