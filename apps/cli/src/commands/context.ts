/** What a command needs from its surroundings; tests give their own. */
export interface CommandContext {
  readonly now: Date;
  print(text: string): void;
}
