/** The charts the analytics screens draw, as one chunk: imported by `lazyCharts.tsx` only. */
export { BarChart } from '@mui/x-charts/BarChart';
export { LineChart } from '@mui/x-charts/LineChart';
