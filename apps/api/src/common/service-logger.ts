import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up chatter: one line per module and per route, nothing an operator acts on. */
const START_UP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest's console logger without the start-up listing, so the lines that matter stand out. */
export class ServiceLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) return;
    super.log(message, ...rest);
  }
}
