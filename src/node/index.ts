// stylegrad/node: everything in 'stylegrad' plus the Node-only parts (filesystem, image codecs, backend choice).
export * from '../index';
