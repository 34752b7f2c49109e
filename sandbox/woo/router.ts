import type { HandlerResult, RequestContext } from './context';

/** A small route table: path templates like '/products/{id}' with WordPress' Allow header. */

export type Permission = 'list' | 'view' | 'create' | 'edit' | 'delete' | 'batch' | 'none';

export interface MethodSpec {
  /** what an anonymous caller is refused (WooCommerce's permission callback) */
  permission: Permission;
  /** single-item routes check existence before permission: an unknown id is a 404 even anonymously */
  exists?: (ctx: RequestContext) => boolean;
  /** batch routes: extra fault latency per item */
  batch?: boolean;
  handle: (ctx: RequestContext) => HandlerResult;
}

export interface RouteDef {
  /** template relative to the namespace, e.g. '/products/{id}' */
  template: string;
  methods: Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', MethodSpec>>;
}

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  names: string[];
  allow: string;
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
  spec: MethodSpec | undefined;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(
    readonly prefix: string,
    defs: RouteDef[],
  ) {
    this.routes = defs.map((d) => {
      const names: string[] = [];
      const source = d.template.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        // ids are numeric; other parameters (setting group) are slugs
        return name.endsWith('id') ? '(\\d+)' : '([\\w-]+)';
      });
      const methods = METHOD_ORDER.filter((m) => m in d.methods);
      return { ...d, names, regex: new RegExp(`^${source}/?$`), allow: methods.join(', ') };
    });
  }

  match(method: string, path: string): RouteMatch | undefined {
    if (!path.startsWith(this.prefix)) return undefined;
    const rest = path.slice(this.prefix.length) || '/';
    for (const route of this.routes) {
      const m = route.regex.exec(rest);
      if (!m) continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, m[i + 1]]));
      const spec = route.methods[method as keyof RouteDef['methods']];
      return { route, params, spec };
    }
    return undefined;
  }
}
