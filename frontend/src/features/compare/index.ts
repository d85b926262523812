/** Public API of the compare feature: the side-by-side Compare screen. */
export { ComparePage } from './components/ComparePage';
