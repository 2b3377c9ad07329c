// The statistics feature: counted statistics of units over a data period, and their export.
export { measureForum, measureStatistics, type Measures, type StatisticsScope } from './measures.ts';
export { statisticsRoutes } from './routes.ts';
