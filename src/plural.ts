/** A count with its noun, in the singular for one: "1 article", "3 articles". */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
